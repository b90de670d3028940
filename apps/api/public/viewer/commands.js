// What a signed-in official may do, one small description per command: who, where it appears,
// which fields it asks for, how its body is built. forms.js renders every one of them the same way.
import { ENTRY_FIELDS } from './fields.js';

const EDITORS = ['mic-admin', 'ministry-editor'];
const ADMIN = ['mic-admin'];
const enc = encodeURIComponent;

/** An editor acts on its own ministry's entries only; mic-admin on all. */
const mayEdit = (ctx) => ctx.actor.role === 'mic-admin' || (ctx.actor.role === 'ministry-editor' && ctx.entry?.ownerMinistry === ctx.actor.ministry);

/** The entry's current values, as form values (flat paths). */
function entryValues(entry) {
  return {
    name: entry.name ?? '',
    kind: entry.kind ?? '',
    coMinistries: entry.coMinistries ?? [],
    description: entry.description ?? '',
    operator: entry.operator ?? '',
    'contact.name': entry.contact?.name ?? '',
    'contact.email': entry.contact?.email ?? '',
    'contact.phone': entry.contact?.phone ?? '',
    url: entry.url ?? '',
    deploymentStatus: entry.deploymentStatus ?? '',
    ndxpStatus: entry.ndxpStatus ?? 'not-connected',
  };
}

export const COMMANDS = [
  {
    id: 'register',
    title: 'Đăng ký mục mới vào danh mục',
    where: 'catalogue',
    roles: EDITORS,
    fields: ['name', 'code', 'kind', 'ownerMinistry', ...ENTRY_FIELDS.filter((f) => f !== 'name' && f !== 'kind'), 'effectiveDate'],
    legal: 'optional',
    reason: 'optional',
    checkDuplicates: true,
    initial: (ctx) => ({ ownerMinistry: ctx.actor.ministry ?? '', deploymentStatus: 'operational', ndxpStatus: 'not-connected', effectiveDate: ctx.today }),
    request: () => ({ method: 'POST', path: '/v1/platforms' }),
  },
  {
    id: 'amend',
    title: 'Sửa đổi thông tin',
    where: 'entry',
    roles: EDITORS,
    when: (ctx) => mayEdit(ctx) && ctx.entry.status === 'in-force',
    fields: [...ENTRY_FIELDS, 'effectiveDate'],
    onlyChanged: ENTRY_FIELDS,
    legal: 'optional',
    reason: 'optional',
    ifMatch: true,
    initial: (ctx) => ({ ...entryValues(ctx.entry), effectiveDate: ctx.today }),
    request: (ctx) => ({ method: 'PATCH', path: `/v1/platforms/${enc(ctx.entry.id)}` }),
  },
  {
    id: 'correct',
    title: 'Đính chính',
    hint: 'Sửa một thông tin đã ghi sai từ trước: giá trị đúng áp dụng từ ngày nêu dưới đây, lịch sử vẫn giữ bản ghi cũ.',
    where: 'entry',
    roles: EDITORS,
    when: mayEdit,
    fields: [...ENTRY_FIELDS, 'effectiveFrom'],
    onlyChanged: ENTRY_FIELDS,
    legal: 'required',
    reason: 'required',
    ifMatch: true,
    initial: (ctx) => ({ ...entryValues(ctx.entry), effectiveFrom: ctx.entry.validFrom ?? ctx.today }),
    request: (ctx) => ({ method: 'POST', path: `/v1/platforms/${enc(ctx.entry.id)}/corrections` }),
  },
  {
    id: 'withdraw',
    title: 'Rút khỏi danh mục',
    where: 'entry',
    roles: EDITORS,
    when: (ctx) => mayEdit(ctx) && ctx.entry.status === 'in-force',
    fields: ['effectiveDate'],
    legal: 'required',
    reason: 'required',
    ifMatch: true,
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    request: (ctx) => ({ method: 'POST', path: `/v1/platforms/${enc(ctx.entry.id)}/withdraw` }),
  },
  {
    id: 'reinstate',
    title: 'Đưa trở lại danh mục',
    where: 'entry',
    roles: EDITORS,
    when: (ctx) => mayEdit(ctx) && ctx.entry.status === 'withdrawn',
    fields: ['effectiveDate'],
    legal: 'required',
    reason: 'required',
    ifMatch: true,
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    request: (ctx) => ({ method: 'POST', path: `/v1/platforms/${enc(ctx.entry.id)}/reinstate` }),
  },
  {
    id: 'transfer',
    title: 'Chuyển cơ quan chủ quản',
    where: 'entry',
    roles: ADMIN,
    when: (ctx) => ctx.entry.status === 'in-force',
    fields: ['toMinistry', 'effectiveDate'],
    legal: 'required',
    reason: 'optional',
    ifMatch: true,
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    request: (ctx) => ({ method: 'POST', path: `/v1/platforms/${enc(ctx.entry.id)}/transfer` }),
  },
  {
    id: 'publish-edition',
    title: 'Công bố ấn bản danh mục',
    hint: 'Ấn bản cố định danh mục tại ngày "cập nhật đến" và những gì đã ghi nhận lúc công bố. Văn bản công bố là căn cứ của ấn bản.',
    where: 'catalogue',
    roles: ADMIN,
    fields: ['documentNumber', 'title', 'issuedOn', 'signer', 'cutoffDate'],
    legal: 'none',
    reason: 'none',
    initial: (ctx) => ({ cutoffDate: ctx.today, issuedOn: ctx.today }),
    request: () => ({ method: 'POST', path: '/v1/editions' }),
  },
  {
    id: 'rename-ministry',
    title: 'Đổi tên Bộ, ngành',
    where: 'catalogue',
    roles: ADMIN,
    fields: ['ministry', 'ministryName', 'effectiveDate'],
    legal: 'required',
    reason: 'optional',
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    // The ministry is in the path; the new name goes as `name`.
    request: (_ctx, v) => ({ method: 'POST', path: `/v1/ministries/${enc(v.ministry ?? '')}/rename`, omit: ['ministry'], rename: { ministryName: 'name' } }),
  },
  {
    id: 'merge-ministries',
    title: 'Sáp nhập Bộ, ngành',
    hint: 'Bộ, ngành bị sáp nhập chấm dứt từ ngày có hiệu lực; các mục của Bộ, ngành đó chuyển sang Bộ, ngành tiếp nhận.',
    where: 'catalogue',
    roles: ADMIN,
    fields: ['ministry', 'into', 'effectiveDate'],
    legal: 'required',
    reason: 'optional',
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    request: (_ctx, v) => ({ method: 'POST', path: `/v1/ministries/${enc(v.ministry ?? '')}/merge`, omit: ['ministry'] }),
  },
  {
    id: 'dissolve-ministry',
    title: 'Giải thể Bộ, ngành (chia nhiệm vụ)',
    hint: 'Bộ, ngành chấm dứt từ ngày có hiệu lực; mỗi mục của Bộ, ngành đó chuyển sang Bộ, ngành tiếp nhận mặc định. Giao từng mục cho Bộ, ngành khác theo nhiệm vụ: dùng API (assignments).',
    where: 'catalogue',
    roles: ADMIN,
    fields: ['ministry', 'defaultSuccessor', 'effectiveDate'],
    legal: 'required',
    reason: 'optional',
    initial: (ctx) => ({ effectiveDate: ctx.today }),
    request: (_ctx, v) => ({ method: 'POST', path: `/v1/ministries/${enc(v.ministry ?? '')}/dissolve`, omit: ['ministry'] }),
  },
];

/** The commands this actor may use here (`entry`: on the entry on screen; `catalogue`: the editing page). */
export function commandsFor(where, ctx) {
  if (!ctx.actor) return [];
  return COMMANDS.filter((c) => c.where === where && c.roles.includes(ctx.actor.role) && (!c.when || c.when(ctx)));
}
