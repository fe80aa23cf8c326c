import type { AuthContext } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import type { TenantDb, TenantTx } from '../core/database/tenant-db';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import type { UsersRepository } from '../users/users.repository';
import type { TicketRow } from './ticket-rows';
import type { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** The rule when the create statement lost the race to create the same new requester. */
describe('TicketsService.create and a requester created concurrently', () => {
  const tx = { tenantId: 't1' } as TenantTx;
  const db = { run: (_id: string, work: (tx: TenantTx) => unknown) => work(tx) } as unknown as TenantDb;
  const idempotency = { execute: (_tx: TenantTx, _r: unknown, work: () => Promise<unknown>) => work().then((body) => ({ body, replayed: false })) } as unknown as IdempotencyService;
  const auth: AuthContext = { tenantId: 't1', tenantSlug: 'acme', scopes: ['tickets:write'], actor: { kind: 'api_token', id: 'k1' } };
  const row = (requesterId: string | null): TicketRow => ({
    id: 'ticket-1', number: '1', title: 'T', description: 'D', status: 'open', priority: 'medium', tags: [], source: 'api',
    comment_count: 0, public_comment_count: 0, created_at: new Date(), updated_at: new Date(), first_response_at: null, resolved_at: null, closed_at: null,
    category_id: null, category_name: null, requester_id: requesterId, requester_email: requesterId && 'jane@x.example',
    requester_name: requesterId && 'Jane', assignee_id: null, assignee_email: null, assignee_name: null,
  });

  it('attaches the requester the other request created', async () => {
    const tickets = { nextNumber: jest.fn().mockResolvedValue(1), create: jest.fn().mockResolvedValue(row(null)), setRequester: jest.fn().mockResolvedValue(row('winner')) };
    const users = { findOrCreateRequester: jest.fn().mockResolvedValue({ id: 'winner', email: 'jane@x.example', name: 'Jane', role: 'requester' }) };
    const service = new TicketsService(db, tickets as unknown as TicketsRepository, users as unknown as UsersRepository, idempotency, new Clock());

    const result = await service.create(auth, { title: 'T', description: 'D', requester_email: 'jane@x.example' }, null);

    expect(users.findOrCreateRequester).toHaveBeenCalledWith(tx, 'jane@x.example', 'jane');
    expect(tickets.setRequester).toHaveBeenCalledWith(tx, 'ticket-1', 'winner');
    expect(result.body.requester).toEqual({ id: 'winner', email: 'jane@x.example', name: 'Jane' });
  });

  it('does nothing more when the statement found or made the requester', async () => {
    const tickets = { nextNumber: jest.fn().mockResolvedValue(1), create: jest.fn().mockResolvedValue(row('r1')), setRequester: jest.fn() };
    const users = { findOrCreateRequester: jest.fn() };
    const service = new TicketsService(db, tickets as unknown as TicketsRepository, users as unknown as UsersRepository, idempotency, new Clock());
    await service.create(auth, { title: 'T', description: 'D', requester_email: 'jane@x.example' }, null);
    expect(users.findOrCreateRequester).not.toHaveBeenCalled();
    expect(tickets.setRequester).not.toHaveBeenCalled();
  });
});
