-- Who has opened the App Home: only their Home is refreshed after their changes
-- (a views.publish per change for everyone would cost Slack calls nobody sees).
CREATE TABLE home_openers (
  team_id   text NOT NULL,
  user_id   text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, user_id)
);
