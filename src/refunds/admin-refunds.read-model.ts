import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { toDbTimestamp } from '../admin/session-page-query';
import { CursorCodec, CursorPosition } from '../common/cursor-codec';
import { parseTimestamp } from '../common/dates';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../common/ids';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { AdminRefundsQueryDto } from './dto/admin-refunds-query.dto';
import { RefundEvent } from './entities/refund-event.entity';
import { Refund } from './entities/refund.entity';
import { RefundStatus } from './refund-status';

/** The admin list's filters, parsed: what the SQL is built from and what a cursor is bound to. */
export interface RefundFilters {
  /** Sorted, without duplicates; empty means any status. */
  statuses: RefundStatus[];
  createdFrom?: Date;
  /** Exclusive. */
  createdTo?: Date;
  /** As given: ours or Fintecture's id. */
  session?: string;
}

export function refundFiltersFromQuery(query: AdminRefundsQueryDto): RefundFilters {
  const filters: RefundFilters = { statuses: query.status ? [...new Set(query.status.split(',') as RefundStatus[])].sort() : [] };
  if (query.created_from) filters.createdFrom = parseTimestamp(query.created_from) ?? undefined;
  if (query.created_to) filters.createdTo = parseTimestamp(query.created_to) ?? undefined;
  if (query.session) filters.session = query.session;
  return filters;
}

/** Carried in every cursor, so that a cursor replayed with other filters is refused rather than skip or repeat rows. */
export function refundFiltersDigest(filters: RefundFilters): string {
  const canonical = JSON.stringify([
    filters.statuses,
    filters.createdFrom?.getTime() ?? null,
    filters.createdTo?.getTime() ?? null,
    filters.session ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/**
 * Every merchant's refunds for admins, newest first, in keyset pages ((created_at, id) < the last
 * row: ix_refunds_created / ix_refunds_status_created / ix_refunds_session serve them). Reads only.
 */
export class AdminRefundsReadModel {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cursors: CursorCodec,
  ) {}

  async list(filters: RefundFilters, limit: number, cursor?: string): Promise<{ refunds: Refund[]; nextCursor: string | null }> {
    const digest = refundFiltersDigest(filters);
    const after = cursor === undefined ? null : this.cursors.decode(cursor, digest);
    const sessionPk = filters.session === undefined ? undefined : await this.sessionPk(filters.session);
    if (sessionPk === null) return { refunds: [], nextCursor: null };
    const engine = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    const query = this.dataSource.getRepository(Refund).createQueryBuilder('r');
    if (filters.statuses.length) query.andWhere('r.status IN (:...statuses)', { statuses: filters.statuses });
    if (filters.createdFrom) query.andWhere('r.created_at >= :from', { from: toDbTimestamp(engine, filters.createdFrom) });
    if (filters.createdTo) query.andWhere('r.created_at < :to', { to: toDbTimestamp(engine, filters.createdTo) });
    if (sessionPk) query.andWhere('r.payment_session_id = :sessionPk', { sessionPk });
    if (after) query.andWhere('(r.created_at, r.id) < (:afterAt, :afterId)', { afterAt: toDbTimestamp(engine, after.createdAt), afterId: after.id });
    const rows = await query
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const refunds = rows.slice(0, limit);
    const last = refunds[refunds.length - 1];
    const next: CursorPosition | null = rows.length > limit ? { createdAt: last.createdAt, id: last.id } : null;
    return { refunds, nextCursor: next ? this.cursors.encode(next, digest) : null };
  }

  async findWithEvents(id: string): Promise<{ refund: Refund; events: RefundEvent[] } | null> {
    const refund = UUID_PATTERN.test(id) ? await this.dataSource.getRepository(Refund).findOneBy({ id }) : null;
    if (!refund) return null;
    const events = await this.dataSource.getRepository(RefundEvent).find({ where: { refundId: refund.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { refund, events };
  }

  /** A session's refunds, oldest first (the admin session detail shows them). */
  forSession(sessionPk: string): Promise<Refund[]> {
    return this.dataSource.getRepository(Refund).find({ where: { paymentSessionId: sessionPk }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  private async sessionPk(ref: string): Promise<string | null> {
    const sessions = this.dataSource.getRepository(PaymentSession);
    const where = UUID_PATTERN.test(ref) ? { id: ref } : SESSION_ID_PATTERN.test(ref) ? { sessionId: ref } : null;
    if (!where) return null;
    const session = await sessions.findOne({ select: { id: true }, where });
    return session?.id ?? null;
  }
}
