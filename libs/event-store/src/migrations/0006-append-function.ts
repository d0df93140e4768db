import type { Migration } from '../migrator';

/**
 * One call appends a batch of commands, each to one or more streams, in one statement (hence one
 * round trip and one commit for the whole batch: the commands coalesced in one process share a
 * WAL flush).
 *
 * claims: `[{ cmd, stream_id, stream_type, expected, count }]`, the streams each command writes,
 * `expected` 0 for a stream that must not exist yet, `count` 0 for a stream it only read and
 * which must still be at `expected`. events: `[{ cmd, ordinal, event_id, ... }]`. remember:
 * `[{ cmd, principal, key, fingerprint, id, stream_id, version, location, ttl_seconds }]`, the
 * Idempotency-Key of a command that came with one: stored with its answer, in the same
 * transaction as its events.
 *
 * Each command is claimed on its own: its idempotency key taken, a new stream inserted, an
 * existing one moved from its expected version; if the key is taken already or any stream of the
 * command is not where it expected, that command's claims are undone and it is reported, and the
 * others go on. Then, as the last step, positions are taken from the sequence row, whose lock is
 * held until commit: positions are gapless and handed out in commit order, for the accepted events
 * in the order given. Returns the first position taken (the accepted events hold first+1 ...) and
 * the conflicts. With `atomic`, a conflict refuses the whole batch instead (SQLSTATE PL409, the
 * conflict as JSON in its detail): a bulk import whose commands depend on one another is decided
 * again as a whole.
 */
export const appendFunctionMigration: Migration = {
  name: '0006-append-function',
  up: `
    CREATE TABLE idempotency_keys (
      principal   text NOT NULL,
      key         text NOT NULL,
      fingerprint text NOT NULL,
      id          text NOT NULL,
      stream_id   text NOT NULL,
      version     integer NOT NULL,
      position    bigint,
      location    text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      expires_at  timestamptz NOT NULL,
      PRIMARY KEY (principal, key)
    );
    CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

    CREATE FUNCTION ledger_append(claims jsonb, events jsonb, atomic boolean DEFAULT false, remember jsonb DEFAULT '[]') RETURNS jsonb
    LANGUAGE plpgsql AS $fn$
    DECLARE
      claim record;
      command int := -1;
      failed boolean := false;
      failing jsonb;
      current int;
      conflict jsonb;
      keyed jsonb;
      taken jsonb := '[]';
      rejected int[] := '{}';
      conflicts jsonb := '[]';
      accepted int;
      last bigint;
      recorded timestamptz;
    BEGIN
      FOR claim IN
        SELECT * FROM jsonb_to_recordset(claims) AS c(cmd int, stream_id text, stream_type text, expected int, count int)
        ORDER BY cmd, expected = 0 DESC, stream_id
      LOOP
        IF claim.cmd <> command THEN
          command := claim.cmd;
          failed := false;
          taken := '[]';
          -- The command's Idempotency-Key first: taken already, the command is a retry (or a reuse).
          SELECT value INTO keyed FROM jsonb_array_elements(remember) WHERE (value->>'cmd')::int = command;
          IF keyed IS NOT NULL THEN
            INSERT INTO idempotency_keys (principal, key, fingerprint, id, stream_id, version, location, expires_at)
            VALUES (keyed->>'principal', keyed->>'key', keyed->>'fingerprint', keyed->>'id', keyed->>'stream_id',
                    (keyed->>'version')::int, keyed->>'location', now() + make_interval(secs => (keyed->>'ttl_seconds')::float8))
            ON CONFLICT (principal, key) DO NOTHING;
            IF NOT FOUND THEN
              failed := true;
              conflict := jsonb_build_object('cmd', command, 'idempotency_key', keyed->>'key');
              IF atomic THEN
                RAISE EXCEPTION USING ERRCODE = 'PL409', MESSAGE = 'idempotency key taken', DETAIL = conflict::text;
              END IF;
              rejected := rejected || command;
              conflicts := conflicts || conflict;
            ELSE
              taken := taken || jsonb_build_object('principal', keyed->>'principal', 'key', keyed->>'key');
            END IF;
          END IF;
        END IF;
        CONTINUE WHEN failed;
        IF claim.expected = 0 THEN
          INSERT INTO streams (stream_id, stream_type, version) VALUES (claim.stream_id, claim.stream_type, claim.count)
          ON CONFLICT (stream_id) DO NOTHING;
        ELSIF claim.count = 0 THEN
          -- A stream the command read but does not write: it must still be where it was read.
          PERFORM 1 FROM streams WHERE stream_id = claim.stream_id AND version = claim.expected FOR SHARE;
        ELSE
          UPDATE streams SET version = version + claim.count, updated_at = now()
          WHERE stream_id = claim.stream_id AND version = claim.expected;
        END IF;
        IF FOUND THEN
          taken := taken || jsonb_build_object('stream_id', claim.stream_id, 'expected', claim.expected, 'count', claim.count);
          CONTINUE;
        END IF;
        -- Not where it expected: undo what this command claimed, report it, go on with the next
        -- (or, for an atomic batch, refuse the whole batch: nothing of it is stored).
        failed := true;
        SELECT version INTO current FROM streams WHERE stream_id = claim.stream_id;
        conflict := jsonb_build_object('cmd', command, 'stream_id', claim.stream_id, 'expected', claim.expected, 'current', coalesce(current, 0));
        IF atomic THEN
          RAISE EXCEPTION USING ERRCODE = 'PL409', MESSAGE = 'version conflict', DETAIL = conflict::text;
        END IF;
        rejected := rejected || command;
        conflicts := conflicts || conflict;
        FOR failing IN SELECT * FROM jsonb_array_elements(taken) LOOP
          IF failing ? 'principal' THEN
            DELETE FROM idempotency_keys WHERE principal = failing->>'principal' AND key = failing->>'key';
          ELSIF (failing->>'expected')::int = 0 THEN
            DELETE FROM streams WHERE stream_id = failing->>'stream_id';
          ELSIF (failing->>'count')::int > 0 THEN
            UPDATE streams SET version = version - (failing->>'count')::int WHERE stream_id = failing->>'stream_id';
          END IF;
        END LOOP;
      END LOOP;

      SELECT count(*) INTO accepted FROM jsonb_to_recordset(events) AS e(cmd int) WHERE e.cmd <> ALL (rejected);
      IF accepted = 0 THEN
        RETURN jsonb_build_object('first', null, 'conflicts', conflicts);
      END IF;
      UPDATE ledger_sequence
      SET last_position = last_position + accepted, last_recorded_at = greatest(clock_timestamp(), last_recorded_at)
      RETURNING last_position, last_recorded_at INTO last, recorded;
      INSERT INTO events (position, event_id, stream_id, stream_type, version, type, schema_version, data, metadata,
                          occurred_from, occurred_to, occurred_precision, reported_at, recorded_at)
      SELECT last - accepted + row_number() OVER (ORDER BY e.ordinal), e.event_id, e.stream_id, e.stream_type, e.version, e.type,
             e.schema_version, e.data, e.metadata, e.occurred_from, e.occurred_to, e.occurred_precision, e.reported_at, recorded
      FROM jsonb_to_recordset(events) AS e(
             cmd int, ordinal int, event_id uuid, stream_id text, stream_type text, version int, type text, schema_version int,
             data jsonb, metadata jsonb, occurred_from date, occurred_to date, occurred_precision text, reported_at date)
      WHERE e.cmd <> ALL (rejected);
      INSERT INTO outbox (position) SELECT generate_series(last - accepted + 1, last);
      IF jsonb_array_length(remember) > 0 THEN
        -- Each remembered answer gets the position of its command's last event.
        UPDATE idempotency_keys i SET position = p.position
        FROM (
          SELECT numbered.cmd, max(numbered.position) AS position
          FROM (SELECT e.cmd, last - accepted + row_number() OVER (ORDER BY e.ordinal) AS position
                FROM jsonb_to_recordset(events) AS e(cmd int, ordinal int) WHERE e.cmd <> ALL (rejected)) numbered
          GROUP BY numbered.cmd
        ) p, jsonb_to_recordset(remember) AS r(cmd int, principal text, key text)
        WHERE r.cmd = p.cmd AND i.principal = r.principal AND i.key = r.key;
      END IF;
      PERFORM pg_notify('policy_ledger_events', last::text);
      RETURN jsonb_build_object('first', last - accepted, 'conflicts', conflicts);
    END
    $fn$;
  `,
  down: `DROP FUNCTION ledger_append(jsonb, jsonb, boolean, jsonb); DROP TABLE idempotency_keys;`,
};
