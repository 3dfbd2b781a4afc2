import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CursorCodec, CursorPosition } from '../common/cursor-codec';
import { uuidv7 } from '../common/ids';
import { AppConfig } from '../config/configuration';
import { TransactionRunner } from '../database/transaction-runner';
import { MONEY_STATUSES } from '../payments/payment-outcome';
import { UnmatchedNotice, UnmatchedReason } from './unmatched-notice.entity';
import { WebhookPayload } from './webhook-payload';

const CURSOR_SCOPE = 'admin.unmatched_notices';
const FILTERS_DIGEST = 'all';
const RAW_BODY_LIMIT = 64 * 1024;

export interface UnmatchedInput {
  requestKey: string;
  reason: UnmatchedReason;
  payload: WebhookPayload | null;
  contentType?: string;
  /** Kept only when the body could not be read as fields. */
  rawBody?: string;
}

export interface UnmatchedPage {
  notices: UnmatchedNotice[];
  nextCursor: string | null;
}

/**
 * Verified notices no session took (contract: nothing verified is ever dropped). Written once per
 * X-Request-ID, listed newest first for the admin, and read by reconciliation, which reports the
 * unresolved ones that speak of money.
 */
@Injectable()
export class UnmatchedNoticesService {
  private readonly cursors: CursorCodec;

  constructor(
    @InjectRepository(UnmatchedNotice) private readonly notices: Repository<UnmatchedNotice>,
    private readonly tx: TransactionRunner,
    config: ConfigService<AppConfig, true>,
  ) {
    this.cursors = new CursorCodec(config.get('cursorSecret', { infer: true }), CURSOR_SCOPE);
  }

  /** 'duplicate' when a notice with this X-Request-ID was recorded before (a retry). */
  async record(input: UnmatchedInput): Promise<'recorded' | 'duplicate'> {
    const now = new Date();
    const p = input.payload;
    const row: UnmatchedNotice = {
      id: uuidv7(now.getTime()),
      requestId: input.requestKey,
      reason: input.reason,
      sessionId: p?.sessionId ?? null,
      status: p?.status ?? null,
      transferState: p?.transferState ?? null,
      type: p?.type ?? null,
      state: p?.state ?? null,
      refundedSessionId: p?.refundedSessionId ?? null,
      amount: p?.amount ?? null,
      amountMinor: p?.amountMinor ?? null,
      receivedAmount: p?.receivedAmount ?? null,
      receivedAmountMinor: p?.receivedAmountMinor ?? null,
      lastTransactionAmount: p?.lastTransactionAmount ?? null,
      contentType: input.contentType?.slice(0, 255) ?? null,
      fields: p ? p.fields : null,
      rawBody: input.rawBody?.slice(0, RAW_BODY_LIMIT) ?? null,
      matchedPaymentSessionId: null,
      matchedAt: null,
      resolvedAt: null,
      resolution: null,
      receivedAt: now,
    };
    try {
      await this.tx.run((manager) => manager.getRepository(UnmatchedNotice).insert(row as QueryDeepPartialEntity<UnmatchedNotice>));
      return 'recorded';
    } catch (error) {
      if (isRequestIdViolation(error)) return 'duplicate';
      throw error;
    }
  }

  /** A notice recorded as unmatched that a session took later (a retry of it, applied once the session was known). */
  async markMatched(requestKey: string, paymentSessionId: string): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(UnmatchedNotice)
        .set({ matchedPaymentSessionId: paymentSessionId, matchedAt: new Date() })
        .where('request_id = :requestKey', { requestKey })
        .andWhere('matched_payment_session_id IS NULL')
        .execute(),
    );
  }

  /** Newest first, keyset-paged with the service's one cursor codec. */
  async list(limit: number, cursor?: string): Promise<UnmatchedPage> {
    const after = cursor ? this.cursors.decode(cursor, FILTERS_DIGEST) : null;
    const rows = await this.page(after, limit + 1, false);
    const notices = rows.slice(0, limit);
    const last = notices[notices.length - 1];
    return {
      notices,
      nextCursor: rows.length > limit ? this.cursors.encode({ createdAt: last.receivedAt, id: last.id }, FILTERS_DIGEST) : null,
    };
  }

  /**
   * For reconciliation: unmatched, unresolved notices that report money received or guaranteed
   * (payment_created, payment_partial, order_created), newest first, after the position given.
   */
  listReportingMoney(after: CursorPosition | null, limit: number): Promise<UnmatchedNotice[]> {
    return this.page(after, limit, true);
  }

  /** Settled by hand: reconciliation stops reporting it. False when there is no such open notice. */
  async resolve(id: string, resolution: string): Promise<boolean> {
    const result = await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .update(UnmatchedNotice)
        .set({ resolvedAt: new Date(), resolution: resolution.slice(0, 2000) })
        .where('id = :id', { id })
        .andWhere('resolved_at IS NULL')
        .execute(),
    );
    return result.affected === 1;
  }

  private page(after: CursorPosition | null, take: number, moneyOnly: boolean): Promise<UnmatchedNotice[]> {
    const query = this.notices.createQueryBuilder('n').orderBy('n.receivedAt', 'DESC').addOrderBy('n.id', 'DESC').limit(take);
    if (after) query.andWhere('(n.receivedAt < :at OR (n.receivedAt = :at AND n.id < :id))', { at: after.createdAt, id: after.id });
    if (moneyOnly) {
      query
        .andWhere('n.status IN (:...money)', { money: MONEY_STATUSES })
        .andWhere('n.matchedPaymentSessionId IS NULL')
        .andWhere('n.resolvedAt IS NULL');
    }
    return query.getMany();
  }
}

function isRequestIdViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return (
    (driverError?.code === '23505' && driverError.constraint === 'uq_unmatched_notices_request') ||
    /UNIQUE constraint failed: unmatched_notices\.request_id/.test(error.message)
  );
}
