// One form renderer for every command (commands.js lists them): fields from fields.js, the legal
// basis and the reason, If-Match from the revision on screen, an Idempotency-Key per submission
// (the same submission sent twice, say by a double click, carries the same key and is recorded
// once), the API's problem details next to the fields, and a 409 shown with what changed meanwhile.
import { api, send } from './api.js';
import { accessToken, expire } from './auth.js';
import { append, clear, EVENT, FIELD, h, ROLE, showValue, viDate } from './dom.js';
import { fieldSpec, LEGAL_FIELDS } from './fields.js';

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
const slug = (path) => path.replace(/\./g, '-');

function input(spec, value, ctx, locked) {
  const id = `f-${slug(spec.path)}`;
  const common = { id, name: spec.path, 'data-field': spec.path };
  if (spec.type === 'select')
    return h(
      'select',
      common,
      spec.required ? null : h('option', { value: '' }, '—'),
      Object.entries(spec.options).map(([k, label]) => h('option', { value: k, selected: k === value }, label)),
    );
  if (spec.type === 'ministry' || spec.type === 'ministries') {
    const multiple = spec.type === 'ministries';
    const chosen = new Set(multiple ? (value ?? []) : [value]);
    const options = locked ? ctx.ministries.filter((m) => m.code === value) : ctx.ministries;
    return h(
      'select',
      { ...common, multiple, size: multiple ? 5 : null, disabled: locked },
      multiple ? null : h('option', { value: '' }, '— chọn —'),
      options.map((m) => h('option', { value: m.code, selected: chosen.has(m.code) }, `${m.name} (${m.code})`)),
    );
  }
  if (spec.type === 'textarea') {
    const el = h('textarea', { ...common, rows: spec.max > 2000 ? 4 : 2, maxlength: spec.max });
    el.value = value ?? '';
    return el;
  }
  return h('input', { ...common, type: spec.type === 'tel' ? 'tel' : spec.type, maxlength: spec.max, value: value ?? '' });
}

function valueOf(el) {
  if (el.tagName === 'SELECT' && el.multiple) return [...el.selectedOptions].map((o) => o.value);
  return el.value;
}

const same = (a, b) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');

/** The body the API expects, from the form's flat values. */
function buildBody(command, values, initial, req) {
  const body = {};
  const put = (path, v) => {
    const [head, tail] = path.split('.');
    if (tail) (body[head] ??= {})[tail] = v;
    else body[head] = v;
  };
  const changedOnly = new Set(command.onlyChanged ?? []);
  const contactTouched = ['contact.name', 'contact.email', 'contact.phone'].some((p) => !changedOnly.has(p) || !same(values[p], initial[p]));
  for (const path of command.fields) {
    if (req.omit?.includes(path)) continue;
    const spec = fieldSpec(path);
    let v = values[path];
    const name = req.rename?.[path] ?? path;
    if (path.startsWith('contact.')) {
      if (!contactTouched) continue;
      put(name, typeof v === 'string' && v.trim() === '' ? null : v.trim());
      continue;
    }
    if (changedOnly.has(path) && same(v, initial[path])) continue;
    if (typeof v === 'string') v = v.trim();
    if (v === '' || (Array.isArray(v) && v.length === 0 && !changedOnly.has(path))) {
      if (changedOnly.has(path) && spec.nullable) put(name, null);
      else if (changedOnly.has(path) && Array.isArray(v)) put(name, []);
      continue;
    }
    put(name, v);
  }
  if (body.contact && Object.values(body.contact).every((v) => v === null)) body.contact = null;
  if (command.legal !== 'none') {
    const lb = {};
    for (const p of LEGAL_FIELDS) if (typeof values[p] === 'string' && values[p].trim()) lb[p.split('.')[1]] = values[p].trim();
    if (command.legal === 'required' || Object.keys(lb).length) body.legalBasis = lb;
  }
  if (command.reason !== 'none' && typeof values.reason === 'string' && values.reason.trim()) body.reason = values.reason.trim();
  return body;
}

/** Who made a change, as the reader may see it: the official's name for auditors, else the role and ministry. */
function whoDid(actor) {
  if (!actor) return '';
  if (actor.name) return actor.name;
  return [ROLE[actor.role] ?? actor.role, actor.ministry].filter(Boolean).join(' ');
}

/**
 * Renders `command` as a form. ctx: { actor, entry?, ministries, today }. onDone(answer) runs once
 * per recorded change (a replayed answer to the same submission does not run it again).
 */
export function renderCommandForm(command, ctx, onDone) {
  const initial = command.initial(ctx);
  let revision = ctx.entry?.revision ?? null; // the version on screen
  let attempt = null; // { key, body } of the submission being sent or last refused
  const done = new Set();

  const general = h('div', { class: 'form-problem', role: 'alert', hidden: true });
  const conflict = h('div', { class: 'form-conflict', hidden: true });
  const similar = h('div', { class: 'form-similar', hidden: true });
  const errorSlots = new Map();

  const row = (path, locked = false) => {
    const spec = fieldSpec(path);
    const el = input(spec, initial[path], ctx, locked);
    const err = h('p', { class: 'field-error', id: `err-${slug(path)}`, hidden: true });
    errorSlots.set(path, err);
    return h('label', { class: `field type-${spec.type}` }, h('span', { class: 'label' }, spec.vi, spec.required ? ' *' : ''), el, err);
  };

  const legalRequired = command.legal === 'required';
  const submit = h('button', { type: 'submit', class: 'submit', id: `submit-${command.id}` }, 'Ghi nhận');
  const form = h(
    'form',
    { class: 'command-form stack', id: `form-${command.id}`, 'data-command': command.id, novalidate: true },
    h('h2', null, command.title),
    command.hint ? h('p', { class: 'muted' }, command.hint) : null,
    revision !== null ? h('p', { class: 'muted revision' }, 'Sửa trên phiên bản ', h('strong', { class: 'revision-number' }, String(revision))) : null,
    general,
    conflict,
    h(
      'fieldset',
      null,
      h('legend', null, 'Nội dung'),
      command.fields.map((p) => row(p, p === 'ownerMinistry' && ctx.actor.role === 'ministry-editor')),
    ),
    similar,
    command.legal !== 'none'
      ? h(
          'fieldset',
          { class: 'legal' },
          h('legend', null, legalRequired ? 'Căn cứ pháp lý (bắt buộc)' : 'Căn cứ pháp lý (nếu có)'),
          LEGAL_FIELDS.map((p) => row(p)),
        )
      : null,
    command.reason !== 'none' ? h('fieldset', null, h('legend', null, command.reason === 'required' ? 'Lý do (bắt buộc)' : 'Lý do'), row('reason')) : null,
    h('div', { class: 'actions' }, submit, h('span', { class: 'form-status', role: 'status' })),
  );
  const status = form.querySelector('.form-status');

  const values = () => {
    const v = {};
    for (const el of form.querySelectorAll('[data-field]')) v[el.dataset.field] = valueOf(el);
    return v;
  };

  const showErrors = (problem) => {
    const errors = Array.isArray(problem?.errors) ? problem.errors : [];
    const unplaced = [];
    const renamed = Object.fromEntries(Object.entries(command.request(ctx, values()).rename ?? {}).map(([ours, theirs]) => [theirs, ours]));
    for (const e of errors) {
      const path = renamed[e.field] ?? e.field;
      const slot = errorSlots.get(path) ?? [...errorSlots].find(([p]) => p.startsWith(`${path}.`))?.[1];
      if (slot) {
        slot.hidden = false;
        slot.textContent = slot.textContent ? `${slot.textContent}; ${e.message}` : e.message;
        slot.previousElementSibling?.setAttribute('aria-invalid', 'true');
      } else unplaced.push(e.message);
    }
    if (!errors.length || unplaced.length) {
      general.hidden = false;
      general.textContent = unplaced.length && errors.length ? unplaced.join('; ') : (problem?.detail ?? problem?.title ?? 'Không ghi nhận được.');
    }
  };

  const reset = () => {
    general.hidden = true;
    general.textContent = '';
    for (const slot of errorSlots.values()) {
      slot.hidden = true;
      slot.textContent = '';
      slot.previousElementSibling?.removeAttribute('aria-invalid');
    }
  };

  async function showConflict(problem) {
    const current = problem.currentRevision;
    clear(conflict).append(h('p', { class: 'loading' }, 'Đang tải các thay đổi mới…'));
    conflict.hidden = false;
    let newer = [];
    try {
      const history = await api.history(ctx.entry.id);
      newer = history.versions.slice((revision ?? -1) + 1);
    } catch {
      /* the notice below is enough */
    }
    append(clear(conflict), [
      h('p', { class: 'notice' }, `Trong lúc bạn sửa, mục này đã được thay đổi: phiên bản hiện tại là ${current}, bạn đang sửa trên phiên bản ${revision}.`),
      newer.length
        ? h(
            'ul',
            { class: 'conflict-changes' },
            newer.map((v) =>
              h(
                'li',
                null,
                `${EVENT[v.type] ?? v.type} (${viDate(v.effectiveDate)}, ${whoDid(v.actor)}): `,
                v.changes.map((c) => `${FIELD[c.field] ?? c.field}: ${showValue(c.field, c.before)} → ${showValue(c.field, c.after)}`).join('; ') || '—',
              ),
            ),
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          class: 'reapply',
          id: `reapply-${command.id}`,
          onclick: () => {
            revision = current;
            form.querySelector('.revision-number').textContent = String(current);
            conflict.hidden = true;
            form.requestSubmit();
          },
        },
        `Áp dụng lại thay đổi của tôi trên phiên bản ${current}`,
      ),
    ]);
  }

  let duplicateTimer = null;
  if (command.checkDuplicates) {
    // Before registering: entries already in the catalogue that look the same (warning only).
    const check = async () => {
      const v = values();
      if (!v.name || v.name.trim().length < 4) return void (similar.hidden = true);
      try {
        const r = await api.duplicates({ name: v.name.trim(), description: v.description?.trim() || null, limit: 5 });
        // As the registration's own warning: withdrawn entries (the check lists them too) are not what to reuse.
        const close = r.results.filter((x) => (x.level === 'high' || x.level === 'medium') && x.platform.status !== 'withdrawn');
        similar.hidden = close.length === 0;
        clear(similar).append(
          h('p', { class: 'notice' }, 'Danh mục đã có mục giống với mục định đăng ký. Kiểm tra trước khi ghi nhận để tránh trùng lặp:'),
          h(
            'ul',
            null,
            close.map((x) =>
              h(
                'li',
                null,
                h('a', { href: `#/muc/${x.platform.id}`, target: '_blank' }, x.platform.name),
                ` — ${x.platform.ownerMinistryName ?? x.platform.ownerMinistry} (${Math.round(x.score * 100)}%)`,
              ),
            ),
          ),
        );
      } catch {
        similar.hidden = true;
      }
    };
    form.addEventListener('input', (e) => {
      if (e.target.dataset.field !== 'name' && e.target.dataset.field !== 'description') return;
      clearTimeout(duplicateTimer);
      duplicateTimer = setTimeout(check, 400);
    });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    reset();
    const token = accessToken();
    if (!token) {
      expire();
      general.hidden = false;
      general.textContent = 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại rồi gửi lại.';
      return;
    }
    const v = values();
    const req = command.request(ctx, v);
    const body = buildBody(command, v, initial, req);
    if (command.onlyChanged && !command.onlyChanged.some((p) => p.split('.')[0] in body)) {
      general.hidden = false;
      general.textContent = 'Chưa có thông tin nào được thay đổi.';
      return;
    }
    // The same submission again (a second click, a retry after a network error) keeps its key.
    const bodyText = JSON.stringify(body);
    if (!attempt || attempt.body !== bodyText || attempt.revision !== revision) attempt = { key: newKey(), body: bodyText, revision };
    const { key } = attempt;
    submit.disabled = true;
    form.dataset.state = 'sending';
    status.textContent = 'Đang gửi…';
    const r = await send(req.method, req.path, body, { token, ifMatch: command.ifMatch ? revision : undefined, idempotencyKey: key });
    submit.disabled = false;
    status.textContent = '';
    if (r.status === 200 || r.status === 201) {
      if (attempt?.key === key) attempt = null;
      form.dataset.state = 'done';
      if (!done.has(key)) {
        done.add(key);
        onDone({ command, answer: r.body, body, replayed: r.replayed });
      }
      return;
    }
    form.dataset.state = 'refused';
    if (r.status === 401) {
      expire();
      showErrors({ detail: 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.' });
    } else if (r.status === 409 && r.body?.currentRevision !== undefined && ctx.entry) {
      await showConflict(r.body);
    } else showErrors(r.body);
  });

  return form;
}
