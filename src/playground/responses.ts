import { BOT } from './people.js'
import type { Json, Message, ResponseTarget, Workspace } from './workspace.js'

/**
 * A post to a response_url, as Slack applies it:
 * - `delete_original` removes the message the interaction came from;
 * - `replace_original` rewrites it in place (same ts), keeping who sees it,
 *   except that `response_type: in_channel` makes an ephemeral one public
 *   (how a slash command's "working on it" becomes the channel's answer);
 * - otherwise a new message: in the channel with `in_channel`, else only for the person.
 */
export function respond(workspace: Workspace, target: ResponseTarget, body: Json): { error?: string } {
  const source = target.messageTs ? workspace.find(target.channel, target.messageTs) : undefined
  if (body.delete_original === true) {
    if (source) workspace.remove(source.channel, source.ts)
    return {}
  }
  const blocks = Array.isArray(body.blocks) ? (body.blocks as Json[]) : []
  const text = typeof body.text === 'string' ? body.text : ''
  if (!text && !blocks.length) return { error: 'no_text' }
  const inChannel = body.response_type === 'in_channel'

  if (body.replace_original === true && source) {
    const visibleTo = inChannel ? undefined : source.visibleTo
    workspace.update(source.channel, source.ts, { text, blocks, visibleTo })
    target.replaced = true
    return {}
  }
  const posted: Message = workspace.post(target.channel, {
    author: BOT.userId,
    text,
    blocks,
    ...(inChannel ? {} : { visibleTo: target.user }),
    ...(target.invocation ? { invocation: target.invocation } : {}),
  })
  // A slash command's first answer is the message its later answers replace.
  if (!target.messageTs) target.messageTs = posted.ts
  if (body.replace_original === true) target.replaced = true
  return {}
}
