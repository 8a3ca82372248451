// node/test.js - node-postgres (npm `pg`, the version package-lock.json
// pins) against the server; clients/node installs the package and runs
// this. The server comes from libpq's PG* environment, which pg reads too.
// Parameterized queries of the common types and NULL, named prepared
// statements, array row mode, errors with their SQLSTATE, a pool of
// eight connections running concurrent queries and transactions, and a
// listening client's 'notification' events for a notifying transaction.
'use strict';
const assert = require('assert/strict');
const { Client, Pool } = require('pg');

async function main() {
  const c = new Client();
  await c.connect();
  await c.query('DROP TABLE IF EXISTS wire_node');
  await c.query(`CREATE TABLE wire_node (id serial PRIMARY KEY, n int, big bigint,
                 name text, price numeric(10,2), at timestamptz, ok boolean, doc jsonb)`);

  // Parameters ($1...) bound through the extended protocol.
  const at = new Date(Date.UTC(2026, 11, 4, 10, 20, 30, 456));
  let r = await c.query(
    'INSERT INTO wire_node (n, big, name, price, at, ok, doc) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [7, '9007199254740993', 'naïve "q"', '12.30', at, true, { k: [1, 'two'] }]);
  assert.equal(r.command, 'INSERT');
  assert.equal(r.rowCount, 1);
  assert.equal(r.rows[0].id, 1);
  await c.query('INSERT INTO wire_node (n, name) VALUES ($1, $2)', [null, null]);
  r = await c.query('SELECT n, big, name, price, at, ok, doc FROM wire_node WHERE id = $1', [1]);
  assert.deepEqual(r.rows, [{ n: 7, big: '9007199254740993', name: 'naïve "q"', price: '12.30',
                              at, ok: true, doc: { k: [1, 'two'] } }]);
  assert.deepEqual(r.fields.map((f) => f.name), ['n', 'big', 'name', 'price', 'at', 'ok', 'doc']);
  assert.deepEqual(r.fields.map((f) => f.dataTypeID), [23, 20, 25, 1700, 1184, 16, 3802]);
  r = await c.query('SELECT count(*)::int AS k FROM wire_node WHERE n IS NULL AND name IS NULL');
  assert.equal(r.rows[0].k, 1);

  // A named statement, prepared once and run many times; rows as arrays.
  for (let i = 0; i < 20; i++) {
    r = await c.query({ name: 'wire_ins', text: 'INSERT INTO wire_node (n, name) VALUES ($1, $2)',
                        values: [100 + i, `p${i}`] });
    assert.equal(r.rowCount, 1);
  }
  r = await c.query({ text: 'SELECT n, name FROM wire_node WHERE n >= $1 ORDER BY n LIMIT 3',
                      values: [100], rowMode: 'array' });
  assert.deepEqual(r.rows, [[100, 'p0'], [101, 'p1'], [102, 'p2']]);

  // Errors: SQLSTATE, and the connection keeps working.
  await assert.rejects(c.query('SELECT $1::int', ['x1']), (e) => e.code === '22P02');
  await assert.rejects(c.query('SELECT * FROM wire_node_missing'), (e) => e.code === '42P01');
  await assert.rejects(c.query('INSERT INTO wire_node (id) VALUES (1)'),
                       (e) => e.code === '23505' && e.constraint === 'wire_node_pkey');
  r = await c.query('SELECT 1 + $1::int AS two', [1]);
  assert.equal(r.rows[0].two, 2);
  await c.end();

  // A pool: 8 connections, 200 concurrent queries, then transactions that
  // each add to a counter; one rolls back.
  const pool = new Pool({ max: 8 });
  const sums = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    pool.query('SELECT $1::int * 2 AS d', [i]).then((res) => res.rows[0].d)));
  assert.deepEqual(sums, Array.from({ length: 200 }, (_, i) => i * 2));
  await pool.query('CREATE TABLE IF NOT EXISTS wire_node_counter (id int PRIMARY KEY, v int)');
  await pool.query('DELETE FROM wire_node_counter');
  await pool.query('INSERT INTO wire_node_counter VALUES (1, 0)');
  await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE wire_node_counter SET v = v + $1 WHERE id = 1', [1]);
      await client.query(i === 0 ? 'ROLLBACK' : 'COMMIT');
    } finally {
      client.release();
    }
  }));
  r = await pool.query('SELECT v FROM wire_node_counter WHERE id = 1');
  assert.equal(r.rows[0].v, 39);
  assert.equal(pool.totalCount <= 8, true);
  await pool.end();

  // LISTEN: the idle listener gets an event per notification of a
  // committed transaction, in order, and nothing of a rolled-back one.
  const listener = new Client();
  const notifier = new Client();
  await listener.connect();
  await notifier.connect();
  const events = [];
  const two = new Promise((resolve) => {
    listener.on('notification', (msg) => {
      events.push([msg.processId, msg.channel, msg.payload]);
      if (events.length === 2) resolve();
    });
  });
  await listener.query('LISTEN wire_node');
  await notifier.query('BEGIN');
  await notifier.query("NOTIFY wire_node, 'dropped'");
  await notifier.query('ROLLBACK');
  await notifier.query('BEGIN');
  await notifier.query("NOTIFY wire_node, 'first'");
  await notifier.query('SELECT pg_notify($1, $2)', ['wire_node', 'second']);
  await notifier.query('COMMIT');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`notifications: ${JSON.stringify(events)}`)), 5000);
  });
  try {
    await Promise.race([two, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const pid = notifier.processID;
  assert.deepEqual(events, [[pid, 'wire_node', 'first'], [pid, 'wire_node', 'second']]);
  await listener.end();
  await notifier.end();
  console.log('node: all checks passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
