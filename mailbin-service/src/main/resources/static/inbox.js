// The inbox page. Everything a submitter typed reaches the DOM through textContent only:
// never innerHTML, so markup in a submission is shown as text and never runs.
'use strict';

const PAGE_SIZE = 20;
const state = { form: null, q: '', page: 0, selected: null };

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// the server sets this cookie with the page; it goes back as a header (or form field) on every change
function csrfToken() {
  const found = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return found ? decodeURIComponent(found.substring('XSRF-TOKEN='.length)) : '';
}

// X-Requested-With: a 401 then comes without a password challenge, so no browser dialog shows
function toLoginIfLoggedOut(response) {
  if (response.status === 401) location.assign('/login');
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
  toLoginIfLoggedOut(response);
  if (!response.ok) throw new Error(url + ' answered ' + response.status);
  return response.json();
}

function fromUrl() {
  const params = new URLSearchParams(location.search);
  state.form = params.get('form');
  state.q = params.get('q') || '';
  state.page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  state.selected = params.get('id');
  $('q').value = state.q;
}

function toUrl() {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of [['form', state.form], ['q', state.q], ['page', state.page ? String(state.page) : ''],
    ['id', state.selected]]) {
    if (value) params.set(key, value); else params.delete(key);
  }
  const query = params.toString() ? '?' + params : '';
  if (query !== location.search) history.replaceState(null, '', location.pathname + query);
}

async function loadForms() {
  const forms = await getJson('/api/forms');
  const list = $('forms');
  list.replaceChildren();
  const all = el('li');
  all.append(el('span', 'All forms'), el('span', forms.reduce((n, f) => n + f.submissions, 0), 'count'));
  all.classList.toggle('selected', !state.form);
  all.addEventListener('click', () => selectForm(null));
  list.append(all);
  for (const form of forms) {
    const item = el('li');
    item.dataset.form = form.formId;
    item.append(el('span', form.formId), el('span', form.submissions, 'count'));
    item.classList.toggle('selected', form.formId === state.form);
    item.addEventListener('click', () => selectForm(form.formId));
    list.append(item);
  }
  $('no-forms').hidden = forms.length > 0;
}

function summary(fields) {
  return Object.entries(fields).slice(0, 3).map(([name, values]) => name + ': ' + values.join(', ')).join(' · ');
}

async function loadSubmissions(freshId) {
  const params = new URLSearchParams({ page: String(state.page), size: String(PAGE_SIZE) });
  if (state.form) params.set('form', state.form);
  if (state.q) params.set('q', state.q);
  const page = await getJson('/api/submissions?' + params);
  const body = $('submissions');
  body.replaceChildren();
  for (const submission of page.items) {
    const row = el('tr');
    row.dataset.id = submission.id;
    row.append(el('td', new Date(submission.receivedAt).toLocaleString()), el('td', submission.formId),
      el('td', summary(submission.fields)));
    row.classList.toggle('selected', submission.id === state.selected);
    if (submission.id === freshId) row.classList.add('fresh');
    row.addEventListener('click', () => showDetail(submission.id));
    body.append(row);
  }
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  $('page-info').textContent = 'page ' + (page.page + 1) + ' of ' + pages + ' · ' + page.total + ' submissions';
  $('prev').disabled = state.page === 0;
  $('next').disabled = state.page + 1 >= pages;
  $('list-title').textContent = (state.form ? 'Form ' + state.form : 'All forms') + (state.q ? ' matching “' + state.q + '”' : '');
  $('exports').hidden = !state.form;
  if (state.form) {
    $('export-csv').href = '/api/forms/' + encodeURIComponent(state.form) + '/export.csv';
    $('export-json').href = '/api/forms/' + encodeURIComponent(state.form) + '/export.json';
  }
}

async function showDetail(id) {
  state.selected = id;
  toUrl();
  let submission;
  try {
    submission = await getJson('/api/submissions/' + encodeURIComponent(id));
  } catch (error) {
    $('detail-pane').hidden = true;
    return;
  }
  const meta = $('meta');
  meta.replaceChildren();
  for (const [label, value] of [['Id', submission.id], ['Form', submission.formId],
    ['Received', new Date(submission.receivedAt).toLocaleString()], ['Source', submission.source],
    ['Client IP', submission.clientIp], ['User agent', submission.userAgent]]) {
    meta.append(el('dt', label), el('dd', value ?? '—'));
  }
  const fields = $('fields');
  fields.replaceChildren();
  for (const [name, values] of Object.entries(submission.fields)) {
    const row = el('tr');
    row.append(el('td', name), el('td', values.join('\n')));
    fields.append(row);
  }
  $('delete-refused').hidden = true;
  $('detail-pane').hidden = false;
  for (const row of $('submissions').children) row.classList.toggle('selected', row.dataset.id === id);
}

async function selectForm(form) {
  state.form = form;
  state.page = 0;
  state.selected = null;
  $('detail-pane').hidden = true;
  toUrl();
  await Promise.all([loadForms(), loadSubmissions()]);
}

async function deleteSelected() {
  if (!state.selected) return;
  const response = await fetch('/api/submissions/' + encodeURIComponent(state.selected),
    { method: 'DELETE', headers: { 'X-XSRF-TOKEN': csrfToken(), 'X-Requested-With': 'XMLHttpRequest' } });
  toLoginIfLoggedOut(response);
  $('delete-refused').hidden = response.status !== 403;
  if (response.ok || response.status === 404) {
    state.selected = null;
    $('detail-pane').hidden = true;
    toUrl();
    await Promise.all([loadForms(), loadSubmissions()]);
  }
}

let refresh = null;
function onArrival(submission) {
  // a burst of arrivals becomes one reload
  clearTimeout(refresh);
  refresh = setTimeout(() => {
    loadForms();
    if (state.page === 0 && (!state.form || state.form === submission.formId)) loadSubmissions(submission.id);
  }, 200);
}

function connectLive() {
  const events = new EventSource('/api/live');
  events.onopen = () => { $('live-status').textContent = 'live'; };
  events.onerror = () => { $('live-status').textContent = 'reconnecting…'; };
  events.addEventListener('submission', (event) => onArrival(JSON.parse(event.data)));
}

async function start() {
  fromUrl();
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = $('q').value.trim();
    state.page = 0;
    toUrl();
    loadSubmissions();
  });
  $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); toUrl(); loadSubmissions(); });
  $('next').addEventListener('click', () => { state.page += 1; toUrl(); loadSubmissions(); });
  $('delete').addEventListener('click', deleteSelected);
  $('logout').addEventListener('submit', (event) => { event.target.elements._csrf.value = csrfToken(); });
  await Promise.all([loadForms(), loadSubmissions()]);
  if (state.selected) await showDetail(state.selected);
  document.body.dataset.loaded = 'true';
  if (new URLSearchParams(location.search).get('live') !== 'off') connectLive();
}

start();
