import { WorkflowEntrypoint, WorkflowEvent, WorkflowStep } from "cloudflare:workers";

interface Env {
  ONBOARDING: Workflow;
}

type Params = { email: string };

// Onboarding: create the account, welcome the user, wait, then follow up.
export class Onboarding extends WorkflowEntrypoint<Env, Params> {
  async run(event: WorkflowEvent<Params>, step: WorkflowStep) {
    const account = await step.do("create account", async () => {
      const response = await fetch("https://api.example/accounts", { method: "POST", body: event.payload.email });
      return (await response.json()) as { id: number };
    });
    // The fix: the welcome email is a step of its own, so a replay of run() after a
    // hibernation finds it done and does not send it again.
    await step.do("welcome", async () => {
      await (await fetch("https://mail.example/send", { method: "POST", body: `welcome ${account.id}` })).text();
    });
    await step.sleep("wait before following up", "30 minutes");
    await step.do("follow up", async () => {
      await (await fetch("https://mail.example/send", { method: "POST", body: `how is it going ${account.id}` })).text();
    });
    return account.id;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const email = new URL(request.url).searchParams.get("email") ?? "anonymous@example.com";
    const instance = await env.ONBOARDING.create({ params: { email } });
    return Response.json({ id: instance.id });
  },
} satisfies ExportedHandler<Env>;
