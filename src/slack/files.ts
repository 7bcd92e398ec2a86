import type { Command } from '../inventory/commands.js'
import { postToSlack } from './http-post.js'
import type { SlackApi } from './webapi.js'

export interface FileUploader {
  /** Uploads a file to the command's channel (files.getUploadURLExternal → POST → files.completeUploadExternal). */
  upload(command: Command, file: { filename: string; title: string; csv: string }): Promise<void>
}

export function createFileUploader(deps: { api: SlackApi; httpTimeoutMs: number }): FileUploader {
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
      await deps.api.call(
        'files.completeUploadExternal',
        {
          files: [{ id: fileId, title: file.title }],
          ...(command.channelId ? { channel_id: command.channelId } : {}),
        },
        command,
      )
    },
  }
}
