import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt'
import type { ListenerDeps } from '../deps.js'

/** Publishes the App Home when someone opens it; each event_id once (Slack retries events). */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return
    const envelope = body as {
      event_id?: string
      team_id?: string
      enterprise_id?: string
      authorizations?: { team_id?: string }[]
    }
    const teamId = envelope.authorizations?.[0]?.team_id ?? envelope.team_id ?? 'unknown'
    const eventId = envelope.event_id
    if (eventId && !(await deps.records.firstDelivery(eventId, teamId))) return
    try {
      await deps.records.homeOpened(teamId, event.user)
      const workspace = { teamId, enterpriseId: envelope.enterprise_id }
      const slackAdmin = await deps.slackAdmins.isAdmin(workspace, event.user)
      await deps.slack.home.publish({ ...workspace, userId: event.user, slackAdmin })
    } catch (error) {
      // Not handled after all: let Slack's retry of this event try again.
      if (eventId) await deps.records.forgetDelivery(eventId)
      throw error
    }
  }
}
