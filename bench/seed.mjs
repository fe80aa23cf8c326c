// The benchmark's data set, generated in SQL: tenants (one large), their agents, requesters
// and categories, and tickets with text drawn from a skewed vocabulary (a few words are
// common, most are rare), so full-text search meets realistic selectivity.

const COMMON = `account access add address admin alert allow app archive attach attachment auth
available back balance bank bill billing block browser bug button cache cancel card cart change
charge chat check checkout client close code config confirm connect contact copy cost create credit
customer dashboard data date delay delete delivery device disable discount display domain download
duplicate edit email enable error export fail failed fee field file filter fix form format gateway
help history import incorrect invoice issue item key language late limit link list load locked
login logout mail manager message migration missing mobile month name network notification number
order page paid password payment pending permission phone plan portal price print problem profile
purchase receipt refund register reminder remove renew report request reset response role save
schedule screen search security server service session settings setup share shipping sign slow
subscription support sync tax team ticket time timeout token total track transfer trial unable
update upgrade upload user verify version view wallet warning webhook website week wrong year`
  .split(/\s+/)
  .filter(Boolean);
const RARE = Array.from({ length: 600 }, (_, i) => `term${i.toString(36)}`);
export const VOCABULARY = [...COMMON, ...RARE];

/** Two-word searches of middling frequency: each matches some hundreds of the large tenant's tickets. */
export const SEARCHES = [
  'refund invoice', 'password reset', 'login error', 'export report', 'payment failed', 'shipping delay',
  'subscription cancel', 'webhook timeout', 'upload attachment', 'discount code', 'tax receipt', 'sync mobile',
  'locked account', 'duplicate charge', 'slow dashboard', 'missing email', 'verify domain', 'renew plan',
];

const words = `ARRAY[${VOCABULARY.map((w) => `'${w}'`).join(',')}]::text[]`;
/**
 * `count` words, skewed to the front of the vocabulary. The subquery mentions the outer row
 * (`seed`) so PostgreSQL runs it for every row instead of once.
 */
const text = (count, seed) =>
  `(SELECT string_agg((${words})[1 + floor(power(random(), 3) * ${VOCABULARY.length})::int], ' ')
      FROM generate_series(1, ${count} + 0 * ${seed}))`;

/**
 * The statements that fill an empty, migrated database.
 * @param {{tenants: number, tickets: number, large: number}} size
 */
export function seedStatements({ tenants, tickets, large }) {
  const perTenant = Math.floor((tickets - large) / (tenants - 1));
  return [
    `INSERT INTO tenants (id, slug, name, allowed_origins)
       SELECT gen_random_uuid(), 'bench-' || g, 'Bench tenant ' || g, '{}' FROM generate_series(1, ${tenants}) g`,
    `INSERT INTO users (tenant_id, id, email, name, role)
       SELECT t.id, gen_random_uuid(), 'agent@' || t.slug || '.example', 'Agent ' || t.slug, 'admin'
         FROM tenants t WHERE t.slug LIKE 'bench-%'`,
    `INSERT INTO users (tenant_id, id, email, name, role)
       SELECT t.id, gen_random_uuid(), 'user' || g || '@' || t.slug || '.example', 'User ' || g, 'requester'
         FROM tenants t CROSS JOIN LATERAL generate_series(1, CASE WHEN t.slug = 'bench-1' THEN 2000 ELSE 20 END) g
        WHERE t.slug LIKE 'bench-%'`,
    `INSERT INTO categories (tenant_id, id, name, position)
       SELECT t.id, gen_random_uuid(), c.name, c.pos
         FROM tenants t CROSS JOIN (VALUES ('Billing', 0), ('Technical', 1), ('Accounts', 2), ('Shipping', 3), ('Other', 4)) c(name, pos)
        WHERE t.slug LIKE 'bench-%'`,
    `INSERT INTO tickets (tenant_id, id, number, title, description, status, priority, category_id, requester_id,
                          assignee_id, tags, source, created_at, updated_at)
       SELECT t.id, gen_random_uuid(), g.n,
              ${text(6, 'g.n')}, ${text(30, 'g.n')},
              (ARRAY['open','pending','resolved','closed'])[1 + floor(random() * 4)::int],
              (ARRAY['low','medium','medium','high','urgent'])[1 + floor(random() * 5)::int],
              cats.ids[1 + floor(random() * 5)::int],
              reqs.ids[1 + floor(random() * array_length(reqs.ids, 1))::int],
              CASE WHEN random() < 0.5 THEN agent.id END,
              CASE WHEN random() < 0.2 THEN ARRAY['vip'] ELSE '{}' END,
              'api', now() - (n_max.n - g.n) * interval '1 minute', now() - (n_max.n - g.n) * interval '1 minute'
         FROM tenants t
         CROSS JOIN LATERAL (SELECT CASE WHEN t.slug = 'bench-1' THEN ${large} ELSE ${perTenant} END AS n) n_max
         CROSS JOIN LATERAL (SELECT array_agg(id) AS ids FROM categories c WHERE c.tenant_id = t.id) cats
         CROSS JOIN LATERAL (SELECT array_agg(id) AS ids FROM users u WHERE u.tenant_id = t.id AND u.role = 'requester') reqs
         CROSS JOIN LATERAL (SELECT id FROM users u WHERE u.tenant_id = t.id AND u.role = 'admin') agent
         CROSS JOIN LATERAL generate_series(1, n_max.n) g(n)
        WHERE t.slug LIKE 'bench-%'`,
    `INSERT INTO ticket_counters (tenant_id, last_number) SELECT tenant_id, max(number) FROM tickets GROUP BY tenant_id`,
  ];
}
