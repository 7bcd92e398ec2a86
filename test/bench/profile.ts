import { readFile } from 'node:fs/promises'

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

/** Where a sampled function lives: a package, a Node internal module, our code, or V8 itself. */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]
  if (pkg) return pkg
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0] ?? url
  const own = url.match(/\/(dist|src)\/(.+)$/)?.[2]
  return own ? `ours: ${own.split('/')[0]}` : url
}

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by place
 * (package, Node module, our folders) and the functions with the most self
 * time, as shares of the busy (non-idle) samples.
 */
export async function summariseProfile(file: string, top = 15): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: ProfileNode[] }
  const byPlace = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let busy = 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    const { functionName, url, lineNumber } = node.callFrame
    if (!hits || functionName === '(idle)') continue
    busy += hits
    const place = placeOf(url, functionName)
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits)
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits)
  }
  const share = (n: number) => `${((100 * n) / busy).toFixed(1)}%`
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => `| ${name} | ${share(n)} |`)
      .join('\n')
  return `Self time by place (share of busy samples):

| place | self |
|---|---|
${list(byPlace)}

Functions with the most self time:

| function | self |
|---|---|
${list(byFunction)}`
}
