import { api } from './api.js';
import { h, replace } from './dom.js';

const REASONS = {
  expired: 'Your session has expired. Sign in again to continue.',
  signed_out: 'You are signed out.',
};

export function loginPage(ctx) {
  document.title = 'Sign in · Payments admin';
  const reason = REASONS[ctx.search.get('reason')];
  const message = h('div', { class: 'form-message', id: 'login-message', role: 'alert', 'aria-live': 'assertive' });
  const input = h('input', {
    id: 'admin-key',
    name: 'key',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'admin-key-help login-message',
  });
  const button = h('button', { type: 'submit', class: 'button' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'admin-key' }, 'Admin key'),
      input,
      h('p', { id: 'admin-key-help', class: 'help' }, 'An admin API key (ADMIN_API_KEYS). Merchant keys cannot open the console.'),
    ),
    message,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(message);
    if (!input.value) {
      replace(message, 'Enter an admin key.');
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const { data } = await api.post('/admin/session', { key: input.value });
      ctx.signedIn(data);
      ctx.navigate(ctx.next(), { replace: true });
    } catch (error) {
      const text =
        error.status === 401
          ? 'That key is not a valid admin key.'
          : error.status === 403 && error.code === 'forbidden'
            ? 'A merchant key cannot open the admin console. Use an admin key.'
            : error.detail;
      replace(message, text);
      input.select();
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(
    ctx.main,
    h(
      'section',
      { class: 'login card' },
      h('h1', { tabindex: '-1' }, 'Payments admin'),
      h('p', null, 'Sign in with an admin API key.'),
      reason ? h('p', { class: 'notice', role: 'status' }, reason) : null,
      form,
    ),
  );
  input.focus();
}
