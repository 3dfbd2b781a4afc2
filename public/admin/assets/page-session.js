import { api } from './api.js';
import { cardSection, fieldList, h, pageHead, replace } from './dom.js';
import { formatMoney, humanize, outcomeBadge, outcomeChange, outcomeLabel, sourceLabel, TERMINAL_OUTCOMES, timeEl } from './format.js';
import { problemBox } from './problem.js';
import { runSummaryText, startRun } from './run-poll.js';

function json(value) {
  return value === null || value === undefined ? '—' : h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

function fields(s) {
  const rows = [
    ['Id', h('code', null, s.id)],
    ['Fintecture session id', s.session_id ? h('code', null, s.session_id) : '—'],
    ['Merchant', s.merchant],
    ['Order reference (state)', s.state],
    ['Outcome', outcomeBadge(s.outcome)],
    ['Fintecture status', s.status ?? '—'],
    ['Transfer state', s.transfer_state ?? '—'],
    ['Amount', formatMoney(s.amount, s.currency)],
    ['Received', formatMoney(s.received_amount, s.currency)],
    ['Currency', s.currency],
    ['Communication', s.communication ?? '—'],
    ['Payment methods', (s.payment_methods ?? []).map(humanize).join(', ') || '—'],
    ['Payer page', s.url ? h('a', { href: s.url, rel: 'noreferrer noopener', target: '_blank' }, s.url) : '—'],
    ['Expires', timeEl(s.expires_at)],
    ['Failure', s.failure ? `${s.failure.code}${s.failure.detail ? `: ${s.failure.detail}` : ''}` : '—'],
    ['Virtual beneficiary', json(s.virtual_beneficiary)],
    ['Beneficiary', json(s.beneficiary)],
    ['Created', timeEl(s.created_at)],
    ['Updated', timeEl(s.updated_at)],
  ];
  return fieldList(rows);
}

function timeline(events, currency) {
  if (!events.length) return h('p', { class: 'empty' }, 'No event recorded.');
  return h(
    'ol',
    { class: 'timeline' },
    events.map((e) =>
      h(
        'li',
        { class: e.accepted ? 'accepted' : 'refused' },
        h(
          'div',
          { class: 'event-head' },
          timeEl(e.created_at),
          h('span', { class: `badge source-${/^[a-z_]+$/.test(e.source) ? e.source : 'unknown'}` }, sourceLabel(e.source)),
          h('strong', null, humanize(e.kind)),
          e.accepted ? null : h('span', { class: 'badge refused' }, `refused${e.reason ? `: ${humanize(e.reason)}` : ''}`),
        ),
        fieldList(
          [
            ['Status', e.status ?? '—'],
            ['Transfer state', e.transfer_state ?? '—'],
            ['Outcome', outcomeChange(e.outcome_before, e.outcome_after)],
            e.received_amount ? ['Received', formatMoney(e.received_amount, currency)] : null,
            ['Request id', e.request_id ? h('code', null, e.request_id) : '—'],
            e.detail ? ['Detail', json(e.detail)] : null,
          ],
          'event-fields',
        ),
      ),
    ),
  );
}

/** Why some actions are greyed out, in words rather than only in a tooltip. */
function actionsHelp(session, terminal) {
  if (terminal) return h('p', { class: 'help' }, `${outcomeLabel(session.outcome)} is final: the session can no longer be cancelled or reconciled.`);
  if (!session.session_id) return h('p', { class: 'help' }, 'Fintecture never gave this session an id: there is nothing to ask it or cancel.');
  return null;
}

export async function sessionPage(ctx) {
  const [id] = ctx.params;
  document.title = 'Session · Payments admin';
  const parts = {
    head: pageHead('Session', h('a', { href: '/admin/sessions' }, '← All sessions')),
    feedback: h('div', { class: 'feedback' }),
    content: h(
      'div',
      { class: 'session-layout' },
      h('div', { class: 'card' }, h('div', { class: 'skeleton block tall' })),
      h('div', { class: 'card' }, h('div', { class: 'skeleton block tall' })),
    ),
  };
  replace(ctx.main, parts.head, parts.feedback, parts.content);
  await load(ctx, id, parts);
}

/** Draws the session; after an action it is drawn again in place, so nothing jumps and focus stays on the action. */
async function load(ctx, id, parts, focusAction) {
  let session;
  try {
    session = await api.get(`/v1/admin/payment-sessions/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!ctx.alive()) return;
    replace(parts.content, problemBox(error, { title: error.status === 404 ? 'No such session' : undefined }));
    return;
  }
  if (!ctx.alive()) return;
  document.title = `${session.state} · Payments admin`;
  replace(
    parts.head,
    h(
      'div',
      null,
      h('h1', { tabindex: '-1' }, 'Session ', h('span', { class: 'wrap' }, session.state)),
      h('p', { class: 'lead' }, outcomeBadge(session.outcome), ' ', formatMoney(session.amount, session.currency)),
    ),
    h('a', { href: '/admin/sessions' }, '← All sessions'),
  );

  const terminal = TERMINAL_OUTCOMES.includes(session.outcome);
  const actions = h('div', { class: 'actions', id: 'actions' });
  const confirmBox = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-labelledby': 'confirm-text' });
  const busy = (on) => {
    for (const b of [...actions.querySelectorAll('button'), ...confirmBox.querySelectorAll('button')])
      b.disabled = on || b.dataset.unavailable === 'true';
  };
  const act = async (name, label, run) => {
    busy(true);
    replace(parts.feedback, h('p', { class: 'muted', role: 'status' }, `${label}…`));
    try {
      const message = await run();
      if (!ctx.alive()) return;
      await load(ctx, id, parts, name);
      replace(parts.feedback, h('p', { class: 'success', role: 'status' }, message));
    } catch (error) {
      if (!ctx.alive()) return;
      replace(parts.feedback, problemBox(error, { title: `${label} failed` }));
      busy(false);
    }
  };
  const button = (name, text, unavailable, why, onClick, cls = 'button') =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        'data-action': name,
        disabled: unavailable,
        'data-unavailable': String(unavailable),
        title: unavailable ? why : null,
        onClick,
      },
      text,
    );

  actions.append(
    button('refresh', 'Refresh from Fintecture', !session.session_id, 'Fintecture never gave this session an id.', () =>
      act('refresh', 'Refresh', async () => {
        await api.post(`/admin/api/payment-sessions/${encodeURIComponent(session.id)}/refresh`);
        return 'Refreshed from Fintecture.';
      }),
    ),
    button(
      'reconcile',
      'Reconcile now',
      terminal,
      'A final session is not reconciled.',
      () =>
        act('reconcile', 'Reconciliation', async () => {
          const run = await startRun({ scope: 'open', session_ids: [session.id] }, { alive: ctx.alive });
          return h(
            'span',
            null,
            `Reconciliation run ${run.status}: ${runSummaryText(run)}. `,
            h('a', { href: `/admin/reconciliation/${encodeURIComponent(run.id)}` }, 'See the run'),
          );
        }),
      'button secondary',
    ),
    button(
      'cancel',
      'Cancel payment…',
      terminal || !session.session_id,
      'Only an unpaid session can be cancelled.',
      () => {
        confirmBox.hidden = false;
        confirmBox.querySelector('button.danger').focus();
      },
      'button danger',
    ),
  );
  const closeConfirm = () => {
    confirmBox.hidden = true;
    actions.querySelector('[data-action=cancel]')?.focus();
  };
  confirmBox.append(
    h('p', { id: 'confirm-text' }, 'Cancel this payment at Fintecture? The payer will no longer be able to pay it.'),
    h(
      'button',
      {
        type: 'button',
        class: 'button danger',
        onClick: () =>
          act('cancel', 'Cancel', async () => {
            await api.post(`/admin/api/payment-sessions/${encodeURIComponent(session.id)}/cancel`);
            return 'The payment is cancelled.';
          }),
      },
      'Yes, cancel the payment',
    ),
    h('button', { type: 'button', class: 'button secondary', onClick: closeConfirm }, 'Keep it'),
  );
  confirmBox.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeConfirm();
  });

  replace(
    parts.content,
    cardSection(
      { title: 'Actions', id: 'actions-title' },
      actions,
      actionsHelp(session, terminal),
      confirmBox,
      h('h2', { id: 'fields-title' }, 'Details'),
      fields(session),
    ),
    cardSection(
      { title: `Timeline (${session.events.length} event${session.events.length === 1 ? '' : 's'})`, id: 'timeline-title' },
      timeline(session.events, session.currency),
    ),
  );
  if (focusAction)
    (
      actions.querySelector(`[data-action=${focusAction}]:not([disabled])`) ??
      actions.querySelector('button:not([disabled])') ??
      parts.head.querySelector('h1')
    )?.focus();
}
