-- 20 estates × 100,000 records each, a year of work per estate (2026), generated on the server
-- for `benches/company.sh --reports` (the company reports over many estates, issue 19 §Speed).
-- Shaped like the demo's rows: calls (a quarter complaints), repairs (one in seven urgent), log
-- entries, a few incidents; the deadlines JSON as
-- the pusher writes it (schema 3); one in a hundred voided; handovers every 8 hours. All
-- resolved after 1 to 30 hours but one in five of the last 500 (an estate's open matters).
INSERT INTO estates (estate) SELECT 'estate-' || lpad(e::text, 2, '0') FROM generate_series(1, 20) e;

INSERT INTO records (estate, id, kind, status, open, voided, urgent, received_at, updated_at,
                     resolved_at, category, channel, class, room, summary, assignee, repeat_of,
                     due_at, due_name, soon_at, deadlines, seq, callback_rate, called_back,
                     callback_form, callback_signed, satisfaction, quality_called_back,
                     status_open, repeatable, folded_version)
SELECT estate, id, kind, CASE WHEN resolved THEN 'resolved' ELSE 'open' END, NOT resolved,
       i % 100 = 0, kind = 'repair' AND i % 7 = 0, received, coalesce(resolved_at, received),
       resolved_at, category, CASE WHEN kind = 'call' THEN 'phone' END,
       CASE WHEN category = 'complaint' AND i % 4 <> 0
            THEN (ARRAY['minor', 'important', 'major'])[1 + i % 3] END,
       (1 + i % 12) || '-' || (1 + i % 3) || '-' || (100 + i % 1800), '报修 / 投诉 ' || i, NULL,
       CASE WHEN i % 23 = 0 AND i > 50 THEN prefix || lpad((i - 23)::text, 6, '0') END,
       CASE WHEN NOT resolved THEN received + interval '24 hours' END,
       CASE WHEN NOT resolved THEN 'resolution' END,
       CASE WHEN NOT resolved THEN received + interval '18 hours' END,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('name', n, 'due', due, 'done_at', done,
                                           'late', CASE WHEN done IS NOT NULL THEN done > due END,
                                           'held_since', NULL, 'held_until', NULL)), '[]')
          FROM (VALUES ('dispatch', received + interval '7 minutes',
                        received + (i % 11) * interval '1 minute'),
                       (CASE WHEN kind = 'call' THEN 'reply' ELSE 'resolution' END,
                        received + interval '24 hours', resolved_at),
                       ('callback', resolved_at + interval '3 days',
                        CASE WHEN i % 3 <> 0 THEN resolved_at + interval '2 days' END)) v(n, due, done)
         WHERE kind IN ('call', 'repair') AND (n <> 'callback' OR resolved)
           AND (n <> 'dispatch' OR kind = 'repair')),
       i, CASE WHEN resolved AND category = 'complaint' THEN 'complaint'
               WHEN resolved AND kind = 'repair' THEN 'repair' END,
       resolved AND i % 3 <> 0,
       CASE WHEN resolved AND i % 3 <> 0 THEN (ARRAY['phone', 'visit'])[1 + i % 2] END,
       CASE WHEN resolved AND i % 3 <> 0 AND i % 2 = 1 THEN i % 5 <> 0 END,
       CASE WHEN resolved AND i % 3 <> 0
            THEN (ARRAY['satisfied', 'neutral', 'unsatisfied', 'no_answer'])[1 + i % 4] END,
       kind = 'repair' AND resolved AND i % 9 = 0, NOT resolved,
       kind IN ('call', 'repair'), 3
  FROM (SELECT 'estate-' || lpad(e::text, 2, '0') AS estate, i,
               k.kind, k.prefix, k.prefix || lpad(i::text, 6, '0') AS id,
               CASE k.kind WHEN 'call' THEN (ARRAY['complaint', 'consultation', 'repair', 'help'])[1 + i % 4]
                           WHEN 'repair' THEN (ARRAY['general', 'elevator_entrapment', 'water_fault'])[1 + i % 3]
                           WHEN 'incident' THEN 'fire' ELSE 'note' END AS category,
               timestamptz '2026-01-01 00:00+08' + i * interval '315 seconds' AS received,
               (i % 5 <> 0 OR i < 99500) AS resolved,
               CASE WHEN i % 5 <> 0 OR i < 99500 THEN timestamptz '2026-01-01 00:00+08' + i * interval '315 seconds'
                                       + (1 + i % 30) * interval '1 hour' END AS resolved_at
          FROM generate_series(1, 20) e, generate_series(1, 100000) i,
               LATERAL (SELECT CASE WHEN i % 50 = 7 THEN 'incident' WHEN i % 10 < 4 THEN 'call'
                                    WHEN i % 10 < 7 THEN 'repair' ELSE 'log' END AS kind) k0,
               LATERAL (SELECT k0.kind, CASE k0.kind WHEN 'call' THEN 'C-2026-' WHEN 'repair' THEN 'R-2026-'
                                         WHEN 'incident' THEN 'I-2026-' ELSE 'L-2026-' END AS prefix) k) g;

-- A handover every 8 hours, signed within its window but one in ten late and one in fifty not.
INSERT INTO records (estate, id, kind, status, open, voided, urgent, received_at, updated_at,
                     category, summary, seq, shift_start, signed_at, signed_late, folded_version)
SELECT 'estate-' || lpad(e::text, 2, '0'), 'H-2026-' || lpad(h::text, 6, '0'), 'handover',
       'signed', false, false, false, s, s, 'handover', '交接', h, s,
       CASE WHEN h % 50 <> 0 THEN s + CASE WHEN h % 10 = 0 THEN interval '50 minutes'
                                           ELSE interval '10 minutes' END END,
       CASE WHEN h % 50 <> 0 THEN h % 10 = 0 END, 3
  FROM generate_series(1, 20) e, generate_series(1, 1095) h,
       LATERAL (SELECT timestamptz '2026-01-01 08:00+08' + h * interval '8 hours' AS s) x;
VACUUM ANALYZE records;
