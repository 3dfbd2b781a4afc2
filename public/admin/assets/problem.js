import { h } from './dom.js';

/** A problem+json answer as a person reads it: what went wrong, why, and the id to quote to whoever runs the service. */
export function problemBox(error, { title } = {}) {
  const heading = title ?? (error.status === 0 ? 'The service could not be reached' : error.title || 'Something went wrong');
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h(
      'p',
      { class: 'problem-title' },
      heading,
      error.status ? h('span', { class: 'muted' }, ` (${error.status}${error.code ? ` ${error.code}` : ''})`) : null,
    ),
    h('p', { class: 'problem-detail' }, error.detail),
    error.errors?.length
      ? h(
          'ul',
          null,
          error.errors.map((e) => h('li', null, h('code', null, e.field), ': ', e.message)),
        )
      : null,
    error.requestId ? h('p', { class: 'muted small' }, 'Request id ', h('code', null, error.requestId)) : null,
  );
}
