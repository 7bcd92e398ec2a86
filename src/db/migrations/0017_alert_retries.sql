-- A low-stock alert whose post failed is posted again by a timer in the bots, with
-- backoff (src/slack/alert-retries.ts), not only with the item's next change; still once
-- per crossing: an alert is "the current crossing" of its item (`alerted_at`), and a
-- crossing the item has left (back above its reorder point) is never posted late.
ALTER TABLE item_alerts
  -- Failed posts of the current alert (reset by a new crossing).
  ADD COLUMN post_attempts    integer NOT NULL DEFAULT 0,
  -- When a bot's timer posts it again (null: nothing due: posted, never tried, or given up).
  ADD COLUMN next_post_at     timestamptz,
  -- The timer stopped trying (after ALERT_RETRY_POLICY.maxAttempts); the next change still tries once.
  ADD COLUMN post_given_up_at timestamptz;
CREATE INDEX item_alerts_next_post_at ON item_alerts (next_post_at) WHERE next_post_at IS NOT NULL;

-- As in 0006, and a new crossing (or the item back above its reorder point) starts
-- the retry bookkeeping afresh.
CREATE OR REPLACE FUNCTION inventory_alert(p_team_id text, item items, p_locations text[]) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  alert_row item_alerts;
  total bigint;
  channel text;
  routed_by text;
BEGIN
  INSERT INTO item_alerts (item_id, team_id) VALUES (item.id, p_team_id) ON CONFLICT DO NOTHING;
  SELECT * INTO alert_row FROM item_alerts WHERE item_id = item.id FOR UPDATE;
  SELECT coalesce(sum(s.on_hand), 0) INTO total FROM stock_levels s WHERE s.item_id = item.id;
  IF NOT (item.reorder_point > 0 AND total <= item.reorder_point AND item.archived_at IS NULL) THEN
    IF alert_row.state = 'alerted' THEN
      UPDATE item_alerts SET state = 'clear', remind_at = NULL, ordered_by = NULL, ordered_at = NULL,
          channel_id = NULL, message_ts = NULL, post_claimed_at = NULL,
          post_attempts = 0, next_post_at = NULL, post_given_up_at = NULL
        WHERE item_id = item.id;
    END IF;
    RETURN NULL;
  END IF;
  IF alert_row.state = 'alerted' AND NOT coalesce(alert_row.remind_at <= now(), false) THEN
    -- Still low and already alerted: nothing new, unless its message never got out (then post it now).
    IF alert_row.message_ts IS NULL AND alert_row.channel_id IS NOT NULL
       AND (alert_row.post_claimed_at IS NULL OR alert_row.post_claimed_at < now() - interval '1 minute') THEN
      channel := alert_row.channel_id;
      routed_by := coalesce(alert_row.set_by, '');
    ELSE
      RETURN NULL;
    END IF;
  ELSE
    SELECT r.channel_id, r.set_by INTO channel, routed_by
      FROM alert_routes r LEFT JOIN locations l ON l.id = r.location_id
      WHERE r.team_id = p_team_id AND (l.code = ANY (p_locations) OR r.location_id IS NULL)
      ORDER BY r.location_id NULLS LAST LIMIT 1;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    UPDATE item_alerts SET state = 'alerted', alerted_at = now(), remind_at = NULL, ordered_by = NULL,
        ordered_at = NULL, channel_id = channel, set_by = routed_by, message_ts = NULL, post_claimed_at = NULL,
        post_attempts = 0, next_post_at = NULL, post_given_up_at = NULL
      WHERE item_id = item.id;
  END IF;
  RETURN jsonb_build_object('sku', item.sku, 'name', item.name, 'onHand', total,
    'reorderPoint', item.reorder_point, 'channelId', channel, 'setBy', routed_by);
END
$$;
