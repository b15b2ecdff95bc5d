// bench/duckdb.mjs DIR REPORT: DuckDB's equivalent of a salesutils report
// over the same CSV files, for bench/run.sh's side-by-side table. The
// result is read whole (as a report prints it) and thrown away.
//
// The files are read as sales-data(5) says to read them elsewhere: every
// column as text (all_varchar), then cast. @duckdb/node-api is found in
// $DUCKDB_NODE_DIR/node_modules (default bench/duckdb/node_modules, which
// git ignores): `npm install --prefix bench/duckdb @duckdb/node-api`.
// Bench only: nothing in the build or the tests uses it.
import { createRequire } from 'node:module';
import path from 'node:path';

const [dir, report] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const modDir = process.env.DUCKDB_NODE_DIR || path.join(here, 'duckdb');
const require = createRequire(path.join(path.resolve(modDir), 'noop.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

// the clock the bench runs the reports at (SALES_NOW)
const now = process.env.SALES_NOW || '2026-11-27T09:30:00Z';
const today = now.slice(0, 10);
const csv = (name) =>
    `read_csv('${path.join(dir, name + '.csv')}', header = true, all_varchar = true, ` +
    `delim = ',', quote = '"', escape = '"')`;

// deals with the columns the deal reports use, typed; open = no closed
// date and a stage that is neither won nor lost
const deals = `(SELECT d.id, d.owner, d.stage, CAST(d.amount AS DECIMAL(18, 2)) AS amount,
        coalesce(TRY_CAST(d.probability AS DOUBLE), TRY_CAST(s.probability AS DOUBLE)) AS p,
        CAST(d.created AS TIMESTAMPTZ) AS created, CAST(d.close AS DATE) AS close,
        CAST(d.closed AS DATE) AS closed, CAST(s."order" AS INTEGER) AS ord
    FROM ${csv('deals')} d JOIN ${csv('stages')} s USING (stage))`;

const sql = {
    'pipeline-show': `SELECT stage, count(*) AS deals, sum(amount) AS amount,
            sum(amount * p / 100) AS weighted,
            round(avg(date_diff('day', created, TIMESTAMPTZ '${now}')), 1) AS avg_age_days
        FROM ${deals} WHERE closed IS NULL AND stage NOT IN ('won', 'lost')
        GROUP BY stage, ord ORDER BY ord`,
    'quota-report': `SELECT q.owner, CAST(q.amount AS DECIMAL(18, 2)) AS quota, coalesce(w.won, 0) AS won,
            coalesce(w.won, 0) / CAST(q.amount AS DECIMAL(18, 2)) AS attainment
        FROM ${csv('quotas')} q LEFT JOIN (SELECT owner, sum(amount) AS won FROM ${deals}
            WHERE stage = 'won' AND closed BETWEEN DATE '2026-10-01' AND DATE '2026-12-31'
            GROUP BY owner) w USING (owner)
        WHERE q.period = '2026-Q4' ORDER BY q.owner`,
    'forecast-pipeline': `SELECT strftime(close, '%Y-%m') AS month, count(*) AS deals,
            sum(amount) AS amount, sum(amount * p / 100) AS weighted
        FROM ${deals} WHERE closed IS NULL AND stage NOT IN ('won', 'lost')
        GROUP BY 1 ORDER BY 1`,
    'deal-list': `SELECT * FROM ${csv('deals')} WHERE TRY_CAST(amount AS DECIMAL(18, 2)) >= 100000`,
    'activity-report': `WITH a AS (
            SELECT rep, type, lead, deal, account, contact, done,
                TRY_CAST(duration AS BIGINT) AS minutes, CAST(date AS TIMESTAMPTZ) AS ts,
                CAST(due AS DATE) AS due
            FROM ${csv('activities')}),
        c AS (SELECT id, account FROM ${csv('contacts')} WHERE account IS NOT NULL),
        d AS (SELECT id, account FROM ${csv('deals')} WHERE account IS NOT NULL),
        x AS (SELECT a.*, coalesce(a.account, c.account, d.account) AS acc,
                a.done IS NULL AND (a.type = 'task' OR a.due IS NOT NULL
                    OR a.ts > TIMESTAMPTZ '${now}') AS open,
                a.ts <= TIMESTAMPTZ '${now}' AND a.type <> 'note'
                    AND NOT (a.type = 'task' AND a.done IS NULL) AS touch
            FROM a LEFT JOIN c ON c.id = a.contact LEFT JOIN d ON d.id = a.deal),
        per AS (SELECT rep, count(*) AS activities, count(DISTINCT lead) AS leads,
                count(DISTINCT deal) AS deals, count(DISTINCT acc) AS accounts,
                sum(minutes) AS minutes, count(*) FILTER (WHERE open) AS open_tasks,
                count(*) FILTER (WHERE open AND due < DATE '${today}') AS overdue
            FROM x GROUP BY rep),
        ft AS (SELECT lead, arg_min(rep, ts) AS rep, min(ts) AS ts FROM x
            WHERE touch AND lead IS NOT NULL GROUP BY lead),
        l AS (SELECT id, CAST(created AS TIMESTAMPTZ) AS created, owner FROM ${csv('leads')}),
        resp AS (SELECT coalesce(l.owner, ft.rep) AS rep, count(*) AS responded,
                median(greatest(0, epoch(ft.ts) - epoch(l.created)) / 3600) AS median_response_hours
            FROM l JOIN ft ON ft.lead = l.id GROUP BY 1)
        SELECT per.*, resp.responded, round(resp.median_response_hours, 1)
        FROM per LEFT JOIN resp USING (rep) ORDER BY rep`,
    // perf-report --period 2026-Q4: per owner, the deals won and lost in
    // the quarter, the open pipeline, the activities dated in it, the
    // median first-touch time of the leads created in it and the attainment
    'perf-report': `WITH dd AS (SELECT * FROM ${deals}),
        cl AS (SELECT owner, count(*) FILTER (WHERE stage = 'won') AS won,
                sum(amount) FILTER (WHERE stage = 'won') AS won_amount,
                count(*) FILTER (WHERE stage = 'lost') AS lost,
                avg(date_diff('day', CAST(created AS DATE), closed))
                    FILTER (WHERE stage = 'won') AS cycle_days
            FROM dd WHERE closed BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' GROUP BY owner),
        op AS (SELECT owner, count(*) AS open, sum(amount) AS pipeline FROM dd
            WHERE closed IS NULL AND stage NOT IN ('won', 'lost') GROUP BY owner),
        a AS (SELECT rep, type, lead, done, CAST(date AS TIMESTAMPTZ) AS ts
            FROM ${csv('activities')}),
        n AS (SELECT rep AS owner, count(*) AS activities FROM a
            WHERE ts >= TIMESTAMPTZ '2026-10-01T00:00:00Z' AND ts < TIMESTAMPTZ '2027-01-01T00:00:00Z'
            GROUP BY rep),
        ft AS (SELECT lead, arg_min(rep, ts) AS rep, min(ts) AS ts FROM a
            WHERE lead IS NOT NULL AND ts <= TIMESTAMPTZ '${now}' AND type <> 'note'
                AND NOT (type = 'task' AND done IS NULL)
            GROUP BY lead),
        l AS (SELECT id, CAST(created AS TIMESTAMPTZ) AS created, owner FROM ${csv('leads')}
            WHERE CAST(created AS TIMESTAMPTZ) >= TIMESTAMPTZ '2026-10-01T00:00:00Z'
                AND CAST(created AS TIMESTAMPTZ) < TIMESTAMPTZ '2027-01-01T00:00:00Z'),
        resp AS (SELECT coalesce(l.owner, ft.rep) AS owner,
                median(greatest(0, epoch(ft.ts) - epoch(l.created)) / 3600) AS response_hours
            FROM l JOIN ft ON ft.lead = l.id GROUP BY 1),
        q AS (SELECT owner, CAST(amount AS DECIMAL(18, 2)) AS quota FROM ${csv('quotas')}
            WHERE period = '2026-Q4')
        SELECT r.id AS owner, cl.won, cl.won_amount, cl.lost, cl.won / (cl.won + cl.lost) AS win_rate,
            round(cl.won_amount / cl.won, 2) AS avg_deal, round(cl.cycle_days, 1) AS cycle_days,
            op.open, op.pipeline,
            round(op.open * cl.won / (cl.won + cl.lost) * (cl.won_amount / cl.won) / cl.cycle_days, 2)
                AS velocity,
            n.activities, round(resp.response_hours, 1) AS response_hours,
            cl.won_amount / q.quota AS attainment
        FROM ${csv('reps')} r LEFT JOIN cl ON cl.owner = r.id LEFT JOIN op ON op.owner = r.id
            LEFT JOIN n ON n.owner = r.id LEFT JOIN resp ON resp.owner = r.id
            LEFT JOIN q ON q.owner = r.id
        WHERE r.active = 'yes' ORDER BY r.id`,
};

if (!sql[report]) {
    console.error(`duckdb.mjs: no query for '${report}' (${Object.keys(sql).join(', ')})`);
    process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run("SET TimeZone = 'UTC'");
const rows = (await conn.runAndReadAll(sql[report])).getRows();
if (process.env.DUCKDB_SHOW)
    for (const r of rows.slice(0, 20)) console.log(r.map(String).join(','));
