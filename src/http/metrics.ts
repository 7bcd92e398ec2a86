import { type Gauges, metricsText } from '../metrics.js'
import type { Routes } from './server.js'

/** GET /metrics: Prometheus text, for the bot and the worker alike (`src/metrics.ts` holds the metrics). */
export function metricsRoutes(gauges: Gauges): Routes {
  return {
    'GET /metrics': async (_req, res) => {
      const { text, contentType } = await metricsText(gauges)
      res.writeHead(200, { 'content-type': contentType }).end(text)
    },
  }
}
