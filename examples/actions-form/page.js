// The guestbook page: a plain HTML form that works without JavaScript, enhanced by a script
// that calls the same action through `astro-bridge/client` when JavaScript is on.
'use strict';
const { isInputError } = require('astro-bridge');
const { entries, server } = require('./src/actions/index.js');

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notice(result) {
  if (result === undefined) return '';
  if (!result.error) return `<p role="status">Thanks, ${escape(result.data.entry.name)}! ${result.data.count} entries so far.</p>`;
  if (!isInputError(result.error)) return `<p role="alert">${escape(result.error.message)}</p>`;
  const lines = Object.entries(result.error.fields).map(([field, messages]) => `<li>${escape(field)}: ${escape(messages.join(', '))}</li>`);
  return `<ul role="alert">${lines.join('')}</ul>`;
}

const list = () => entries.map((e) => `<li><b>${escape(e.name)}</b>: ${escape(e.message)}</li>`).join('');

/** GET /: the form, the result of the last post (handed over by the middleware), the entries. */
function page(context) {
  // The form's `action` is the action's query string: `?_action=guestbook.sign`.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guestbook</title></head>
<body>
<h1>Guestbook</h1>
<div id="notice">${notice(context.getActionResult(server.guestbook.sign))}</div>
<form id="sign" method="POST" action="${escape(server.guestbook.sign)}">
  <label>Name <input name="name" maxlength="40"></label>
  <label>Message <textarea name="message" maxlength="280"></textarea></label>
  <label><input type="checkbox" name="subscribe"> Subscribe</label>
  <button>Sign</button>
</form>
<ul id="entries">${list()}</ul>
<script type="module">
  import { createActions, isInputError } from '/client.mjs';
  const actions = createActions();
  const form = document.getElementById('sign');
  const notice = document.getElementById('notice');
  const text = (tag, content) => Object.assign(document.createElement(tag), { textContent: content });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { data, error } = await actions.guestbook.sign(new FormData(form));
    notice.replaceChildren(
      error
        ? text('p', isInputError(error) ? Object.entries(error.fields).map(([f, m]) => f + ': ' + m.join(', ')).join('; ') : error.message)
        : text('p', 'Thanks, ' + data.entry.name + '! ' + data.count + ' entries so far.'),
    );
    if (error) return;
    form.reset();
    const latest = await actions.guestbook.list.orThrow();
    document.getElementById('entries').replaceChildren(...latest.map((e) => text('li', e.name + ': ' + e.message)));
  });
</script>
</body></html>`;
}

module.exports = { page };
