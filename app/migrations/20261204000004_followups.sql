-- Follow-up meetings at the case's rhythm: every `followup_weeks` weeks after the family's last
-- meeting (the kick-off, or the last follow-up), listed as due on the coordinator's overview until
-- one is booked. Every 3 months unless the case says otherwise.
ALTER TABLE cases ADD COLUMN followup_weeks INTEGER NOT NULL DEFAULT 12 CHECK (followup_weeks BETWEEN 2 AND 52);
