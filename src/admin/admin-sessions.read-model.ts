import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../common/ids';
import { ProblemException } from '../common/problem';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { SessionEvent } from '../payments/entities/session-event.entity';
import { CursorCodec } from '../common/cursor-codec';
import { filtersDigest, SessionFilters } from './session-filters';
import { buildSessionPageQuery, Engine, engineOf, Keyset } from './session-page-query';

export interface SessionPage {
  sessions: PaymentSession[];
  /** Where the next page starts; null on the last page. */
  next: Keyset | null;
}

/**
 * The admin's read model of payment_sessions and session_events, read-only by design: payments
 * owns those tables and is the only writer (through its repository and state service); this
 * class only reads them, with its own SQL shaped for filtered keyset listing, so it registers no
 * entity and goes through no TransactionRunner. Built from a bare DataSource so that the
 * benchmark drives exactly the code the API runs.
 */
@Injectable()
export class AdminSessionsReadModel {
  private readonly engine: Engine;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cursors: CursorCodec,
  ) {
    this.engine = engineOf(dataSource);
  }

  async list(filters: SessionFilters, limit: number, cursor?: string): Promise<{ sessions: PaymentSession[]; nextCursor: string | null }> {
    const digest = filtersDigest(filters);
    const after = cursor === undefined ? null : this.cursors.decode(cursor, digest);
    const page = await this.page(filters, after, limit);
    return { sessions: page.sessions, nextCursor: page.next ? this.cursors.encode(page.next, digest) : null };
  }

  /**
   * One page in one statement: the rows whose ids the page query picks (one more than asked,
   * to know whether another page follows), newest first.
   */
  async page(filters: SessionFilters, after: Keyset | null, limit: number): Promise<SessionPage> {
    const rows = await this.pageQuery(filters, after, limit).getMany();
    const more = rows.length > limit;
    const sessions = more ? rows.slice(0, limit) : rows;
    const last = sessions[sessions.length - 1];
    return { sessions, next: more ? { createdAt: last.createdAt, id: last.id } : null };
  }

  /** The statement page() runs; public so that the benchmark can EXPLAIN exactly it. */
  pageQuery(filters: SessionFilters, after: Keyset | null, limit: number): SelectQueryBuilder<PaymentSession> {
    const keys = buildSessionPageQuery(this.engine, filters, after, limit + 1);
    return this.dataSource
      .getRepository(PaymentSession)
      .createQueryBuilder('s')
      .where(`s.id IN (SELECT k.id FROM (${keys.sql}) k)`, keys.parameters)
      .orderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id', 'DESC');
  }

  /** Every matching session, newest first, one batch at a time: memory stays at one batch. */
  async *batches(filters: SessionFilters, batchSize = 1000): AsyncGenerator<PaymentSession[]> {
    let after: Keyset | null = null;
    do {
      const page: SessionPage = await this.page(filters, after, batchSize);
      if (page.sessions.length) yield page.sessions;
      after = page.next;
    } while (after);
  }

  async findWithEvents(idOrSessionId: string): Promise<{ session: PaymentSession; events: SessionEvent[] }> {
    const sessions = this.dataSource.getRepository(PaymentSession);
    const session = UUID_PATTERN.test(idOrSessionId)
      ? await sessions.findOneBy({ id: idOrSessionId })
      : SESSION_ID_PATTERN.test(idOrSessionId)
        ? await sessions.findOneBy({ sessionId: idOrSessionId })
        : null;
    if (!session) throw new ProblemException(404, 'not_found', `No payment session ${idOrSessionId}.`);
    const events = await this.dataSource.getRepository(SessionEvent).find({
      where: { paymentSessionId: session.id },
      // Event ids are UUIDv7: within one millisecond they still sort in the order they were recorded.
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { session, events };
  }
}
