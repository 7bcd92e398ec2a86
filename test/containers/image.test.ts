import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { docker, sh } from '../helpers/compose.js'
import { IMAGE, IMAGE_TAG } from './names.js'

/** The image test/containers/run.sh built from the Dockerfile, and the Dockerfile's build stages. */
const image = `${IMAGE}:${IMAGE_TAG}`
const BASE = 'node:20.19.5-bookworm-slim'

describe('the image built from the Dockerfile', () => {
  it('runs as the node user with production dependencies only, and nothing from docker/ca', async () => {
    const report = await docker(
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      image,
      '-c',
      'id -u; ls /build 2>&1; ls node_modules/typescript 2>&1; ls dist/main.js',
    )
    const [uid, build, typescript, main] = report.trim().split('\n')
    expect(uid).toBe('1000')
    expect(build).toMatch(/No such file/)
    expect(typescript).toMatch(/No such file/)
    expect(main).toBe('dist/main.js')
  })

  it('trusts, for npm ci, a CA certificate put in docker/ca/', async () => {
    // The base without its own CA setting: only the certificate in docker/ca/ lets npm reach
    // the registry through this machine's TLS-re-signing proxy (elsewhere the registry's own CA works).
    const context = await mkdtemp(join(tmpdir(), 'npm-ci-'))
    try {
      await mkdir(join(context, 'ca'))
      await cp('docker/npm-ci.sh', join(context, 'npm-ci.sh'))
      await cp(
        process.env.CA_BUNDLE ?? '/etc/ssl/certs/ca-certificates.crt',
        join(context, 'ca', 'company.crt'),
      )
      for (const file of ['package.json', 'package-lock.json']) await cp(file, join(context, file))
      const output = await docker(
        'run',
        '--rm',
        '-e',
        'NODE_EXTRA_CA_CERTS=',
        '-v',
        `${context}:/build:ro`,
        '-w',
        '/app',
        BASE,
        'sh',
        '-c',
        'cp /build/package*.json . && /build/npm-ci.sh --omit=dev --ignore-scripts && ls node_modules/pg/package.json',
      )
      expect(output).toContain('node_modules/pg/package.json')
    } finally {
      await rm(context, { recursive: true, force: true })
    }
  })

  it('fails the build at npm ci when npm cannot install the locked dependencies', async () => {
    // No network: npm prints "Exit handler never called!" and exits 0; docker/npm-ci.sh must not.
    const build = await sh('docker', [
      'build',
      '--no-cache',
      '--network',
      'none',
      '--target',
      'deps',
      '.',
    ]).then(
      () => 'built',
      (error: Error) => error.message,
    )
    expect(build).toContain('npm-ci: npm ci did not install the locked dependencies')
    expect(build).toMatch(/returned a non-zero code|did not complete successfully|exit code: 1/)
  })
})
