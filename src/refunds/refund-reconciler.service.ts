import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, LessThanOrEqual, Not, Repository } from 'typeorm';
import { AppConfig } from '../config/configuration';
import { refundsConfig } from '../config/refunds.config';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { Refund } from './entities/refund.entity';
import { lostCallNotice, refundCallLifetimeMs } from './refund-call-outcome';
import { RefundStateService } from './refund-state.service';
import { nextRefundCheckAt } from './refund-check-schedule';
import { isFinalRefund, refundStatusOf, UNSETTLED_REFUND_STATUSES } from './refund-status';

export interface RefundFinding {
  kind: 'refund_stuck';
  refund: Refund;
  session: PaymentSession;
  message: string;
  detail: Record<string, unknown>;
}

export interface RefundCheckError {
  refund: Refund;
  kind: string;
  httpStatus: number | null;
  message: string;
}

/** What the refund part of a reconciliation pass did; the pass adds it to its run. */
export interface RefundPassReport {
  checked: number;
  changed: number;
  unchanged: number;
  errors: RefundCheckError[];
  findings: RefundFinding[];
}

export interface RefundPassOptions {
  runId: string;
  batchSize: number;
  /** Asked between refunds: a pass that is shutting down or failing stops early. */
  shouldStop?: () => boolean;
}

/**
 * Reconciliation of refunds (issue 14 §4): a call that outlived any answer becomes unknown; a
 * refund not yet final whose Fintecture session is known is asked about (GET /pis/v2/payments/{id}
 * of the refund session) and what Fintecture says goes through the refunds' state path; one still
 * not final after REFUND_STUCK_SECONDS is reported once as refund_stuck.
 */
@Injectable()
export class RefundReconciler {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    private readonly state: RefundStateService,
    private readonly fintecture: FintectureClient,
    private readonly config: ConfigService<AppConfig, true>,
    @Inject(refundsConfig.KEY) private readonly settings: ConfigType<typeof refundsConfig>,
  ) {}

  async pass(options: RefundPassOptions, now = new Date()): Promise<RefundPassReport> {
    const report: RefundPassReport = { checked: 0, changed: 0, unchanged: 0, errors: [], findings: [] };
    const stop = options.shouldStop ?? (() => false);
    await this.settleLostCalls(report, options, now, stop);
    await this.checkDue(report, options, now, stop);
    await this.reportStuck(report, options, now, stop);
    return report;
  }

  private async settleLostCalls(report: RefundPassReport, options: RefundPassOptions, now: Date, stop: () => boolean): Promise<void> {
    const lostBefore = new Date(now.getTime() - refundCallLifetimeMs(this.config.get('fintecture', { infer: true }).timeoutMs));
    const lost = await this.refunds.find({ where: { status: 'requested', callStartedAt: LessThan(lostBefore) }, take: options.batchSize });
    for (const refund of lost) {
      if (stop()) return;
      const applied = await this.state.apply(refund.id, {
        ...lostCallNotice('reconciliation', refund.callAttempt),
        detail: { run_id: options.runId },
      });
      if (applied.result === 'applied') report.changed += 1;
    }
  }

  private async checkDue(report: RefundPassReport, options: RefundPassOptions, now: Date, stop: () => boolean): Promise<void> {
    const due = await this.refunds.find({
      where: { status: In(UNSETTLED_REFUND_STATUSES), refundSessionId: Not(IsNull()), nextCheckAt: LessThanOrEqual(now) },
      order: { nextCheckAt: 'ASC', id: 'ASC' },
      take: options.batchSize,
    });
    const { backoffBaseSeconds, backoffMaxSeconds } = this.config.get('reconciliation', { infer: true });
    for (const refund of due) {
      if (stop()) return;
      // Leased by moving its next check on, in one conditional update: two instances never ask about it both.
      const leased = await this.refunds.update(
        { id: refund.id, nextCheckAt: refund.nextCheckAt as Date },
        { nextCheckAt: new Date(now.getTime() + 300_000) },
      );
      if (leased.affected !== 1) continue;
      report.checked += 1;
      let status: string;
      let requestId: string;
      let transferState: string | null;
      try {
        ({ status, requestId, transferState } = await this.fintecture.getPayment(refund.refundSessionId as string));
      } catch (error) {
        report.errors.push(checkError(refund, error));
        await this.refunds.update({ id: refund.id }, { nextCheckAt: now });
        continue;
      }
      const applied = await this.state.apply(refund.id, {
        source: 'reconciliation',
        kind: 'reconciliation',
        status: refundStatusOf(status),
        fintectureStatus: status.slice(0, 64),
        transferState: transferState?.slice(0, 64) ?? null,
        requestId,
        recordUnchanged: false,
        detail: { run_id: options.runId },
      });
      if (applied.result === 'applied') report.changed += 1;
      else report.unchanged += 1;
      const after = applied.result === 'not_found' ? null : applied.refund;
      const checkCount = refund.checkCount + 1;
      await this.refunds.update(
        { id: refund.id },
        {
          checkCount,
          nextCheckAt: !after || isFinalRefund(after.status) ? null : nextRefundCheckAt(checkCount, now, backoffBaseSeconds, backoffMaxSeconds),
        },
      );
    }
  }

  private async reportStuck(report: RefundPassReport, options: RefundPassOptions, now: Date, stop: () => boolean): Promise<void> {
    const olderThan = new Date(now.getTime() - this.settings.stuckSeconds * 1000);
    const stuck = await this.refunds.find({
      where: { status: In(UNSETTLED_REFUND_STATUSES), createdAt: LessThan(olderThan), stuckReportedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: options.batchSize,
    });
    for (const seen of stuck) {
      if (stop()) return;
      const finding = await this.state.withSession(seen.paymentSessionId, async (tx): Promise<RefundFinding | null> => {
        const refund = await this.state.find(tx, seen.id);
        if (!refund || isFinalRefund(refund.status) || refund.stuckReportedAt) return null;
        refund.stuckReportedAt = now;
        await tx.manager.getRepository(Refund).update({ id: refund.id }, { stuckReportedAt: now });
        const ageSeconds = Math.round((now.getTime() - refund.createdAt.getTime()) / 1000);
        const message = `Refund ${refund.id} is still ${refund.status} ${ageSeconds} s after it was made.`;
        const detail = {
          refund_id: refund.id,
          refund_status: refund.status,
          refund_session_id: refund.refundSessionId,
          amount_minor: refund.amountMinor,
        };
        await this.state.note(
          tx,
          refund,
          {
            source: 'reconciliation',
            kind: 'discrepancy',
            status: refund.status,
            dedupeKey: 'refund_stuck',
            detail: { ...detail, run_id: options.runId },
          },
          'refund_stuck',
        );
        return { kind: 'refund_stuck', refund, session: tx.session, message, detail };
      });
      if (finding) {
        report.findings.push(finding);
        this.logger.warn({ reconciliation: { run_id: options.runId, refund_id: seen.id } }, finding.message);
      }
    }
  }
}

function checkError(refund: Refund, error: unknown): RefundCheckError {
  if (error instanceof FintectureError) return { refund, kind: error.kind, httpStatus: error.details.httpStatus ?? null, message: error.message };
  return { refund, kind: 'internal', httpStatus: null, message: error instanceof Error ? error.message : String(error) };
}
