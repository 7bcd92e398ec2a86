import type { Command } from '../inventory/commands.js'
import { postToSlack } from './http-post.js'
import type { SlackApi } from './webapi.js'

export interface FileUploader {
  /**
   * Uploads a file (files.getUploadURLExternal → POST → files.completeUploadExternal)
   * to the command's channel, or a private one to the person's direct messages with the bot.
   */
  upload(
    command: Command,
    file: { filename: string; title: string; csv: string; private?: boolean },
  ): Promise<void>
}

export function createFileUploader(deps: { api: SlackApi; httpTimeoutMs: number }): FileUploader {
  /** The bot's direct-message channel with a person (conversations.open). */
  async function directChannel(command: Command): Promise<string | undefined> {
    const opened = await deps.api.call('conversations.open', { users: command.userId }, command)
    const id = (opened.channel as { id?: unknown } | undefined)?.id
    return typeof id === 'string' ? id : undefined
  }

  return {
    async upload(command, file) {
      const content = Buffer.from(file.csv, 'utf8')
      const target = await deps.api.call(
        'files.getUploadURLExternal',
        { filename: file.filename, length: content.length },
        command,
      )
      const uploadUrl = target.upload_url
      const fileId = target.file_id
      if (typeof uploadUrl !== 'string' || typeof fileId !== 'string') return // local mode: the calls were only logged
      await postToSlack(uploadUrl, content, 'text/csv; charset=utf-8', deps.httpTimeoutMs)
      // A private file goes nowhere else: without a direct channel it stays unshared rather than posted.
      const channel = file.private ? await directChannel(command) : command.channelId
      await deps.api.call(
        'files.completeUploadExternal',
        {
          files: [{ id: fileId, title: file.title }],
          ...(channel ? { channel_id: channel } : {}),
        },
        command,
      )
    },
  }
}
