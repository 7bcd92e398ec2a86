/** What `GET /playground/state` answers: everything one person sees in one conversation. */
export interface PageState {
  readonly version: number
  readonly team: { readonly id: string; readonly name: string }
  readonly bot: { readonly userId: string; readonly name: string }
  readonly people: readonly Person[]
  readonly channels: readonly { readonly id: string; readonly name: string }[]
  readonly directChannel: string
  readonly messages: readonly MessageJson[]
  readonly modals: readonly ViewJson[]
  readonly home: ViewJson | null
}

export interface Person {
  readonly id: string
  readonly handle: string
  readonly name: string
  /** Shown next to the name: "admin" today; roles later. */
  readonly labels: readonly string[]
}

export type Json = Record<string, unknown>

export interface MessageJson {
  readonly ts: string
  readonly channel: string
  readonly author: string
  readonly ephemeral: boolean
  readonly text: string
  readonly blocks: readonly Json[]
  readonly rev: number
  readonly invocation?: string
  readonly file?: {
    readonly id: string
    readonly name: string
    readonly title: string
    readonly size: number
    readonly url: string
  }
}

export interface ViewJson extends Json {
  readonly id: string
  readonly hash: string
  readonly type: string
  readonly blocks?: readonly Json[]
}

export async function getState(user: string, conversation: string): Promise<PageState> {
  const query = new URLSearchParams({ user, conversation })
  const response = await fetch(`/playground/state?${query}`)
  if (!response.ok) throw new Error(`the playground answered HTTP ${response.status}`)
  return (await response.json()) as PageState
}

/** POSTs JSON to one of the page's endpoints and returns its answer (`{ error }` when it failed). */
export async function post<T extends Json = Json>(path: string, body: Json): Promise<T & { error?: string }> {
  try {
    const response = await fetch(`/playground/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string }
    return response.ok ? answer : { ...answer, error: answer.error ?? `HTTP ${response.status}` }
  } catch {
    return { error: 'The playground is not reachable. Is `npm start` still running?' } as T & {
      error: string
    }
  }
}
