import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** The repository's root, for paths like `src/queue/jobs.ts`. */
const ROOT = resolve(import.meta.dirname, '../..')

export interface SourceFile {
  /** Relative to the repository, with forward slashes: `src/queue/jobs.ts`. */
  readonly path: string
  readonly text: string
  /** Relative imports and re-exports, resolved to files (`src/…/x.ts`); `type` when the whole import is type-only. */
  readonly imports: readonly { readonly path: string; readonly type: boolean }[]
}

/** Every TypeScript file under `dir` (a folder of the repository), with its relative imports. */
export function sourceFiles(dir = 'src'): SourceFile[] {
  const files: SourceFile[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (path.endsWith('.ts')) files.push(read(path))
    }
  }
  walk(dir)
  return files
}

function read(path: string): SourceFile {
  const text = readFileSync(join(ROOT, path), 'utf8')
  const imports = [...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?'(\.[^']+)'/gms)].map(
    (m) => ({
      path: relative(ROOT, resolve(ROOT, dirname(path), (m[2] as string).replace(/\.js$/, '.ts'))),
      type: Boolean(m[1]),
    }),
  )
  return { path, text, imports }
}

/** The import cycles among `files` (type-only imports included): each as the files on it, empty when there are none. */
export function importCycles(files: readonly SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.path, f.imports.map((i) => i.path)]))
  // Tarjan's strongly connected components: a component of more than one file is a cycle.
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (file: string) => {
    index.set(file, next)
    low.set(file, next++)
    stack.push(file)
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number))
      } else if (stack.includes(target))
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number))
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      component.push(member)
      if (member === file) break
    }
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort())
  }
  for (const file of graph.keys()) if (!index.has(file)) visit(file)
  return cycles
}
