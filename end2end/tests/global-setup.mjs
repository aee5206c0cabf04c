// cargo-leptos starts the server and runs the tests at once: wait until it answers.
export default async function globalSetup() {
  const base = process.env.SAMVAER_BASE_URL || "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer at ${base}/healthz within 120 s`);
}
