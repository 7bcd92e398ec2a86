/**
 * The bot scopes each Web API method the bot calls needs (none for some). A
 * test reads every `call('method', …)` in src/ and checks that each method is
 * listed here and that `manifest.yml` asks for exactly these scopes.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'views.open': [],
  'views.publish': [],
  // Slack's workspace owners and admins are the inventory's first admins.
  'users.info': ['users:read'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  // The audit export goes to the admin's direct messages, not to the channel.
  'conversations.open': ['im:write'],
}

/** A slash command needs the `commands` scope. */
export const COMMAND_SCOPES = ['commands'] as const

/** Every bot scope the app asks for: what the manifests list, and what an OAuth install requests. */
export const BOT_SCOPES: readonly string[] = [
  ...new Set([...COMMAND_SCOPES, ...Object.values(METHOD_SCOPES).flat()]),
]
