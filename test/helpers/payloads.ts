import { randomUUID } from 'node:crypto'

/** A slash command exactly as Slack posts it (form fields), with defaults a test can override. */
export function buildSlashCommand(
  fields: Partial<Record<string, string>> & { text: string },
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: 'C0001',
    channel_name: 'warehouse',
    user_id: 'U0001',
    user_name: 'alice',
    command: '/inventory',
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
  }
}
