/**
 * The list of people online and its search field. DOM only. Thousands of
 * entries stay cheap: every entry exists (tests and screen readers find
 * anyone), but the browser lays out and paints only those on screen
 * (`content-visibility: auto` in app.css), a search only flips `hidden` on
 * entries whose match changed, and a presence update only touches entries
 * that changed.
 * @module people
 */
import { t, count, current as language } from './strings.js';

const list = /** @type {HTMLUListElement} */ (document.querySelector('[data-testid="user-list"]'));
const search = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="user-search"]'));
const nobody = document.getElementById('nobody');
const noMatch = document.getElementById('no-match');
const countLabel = document.getElementById('people-count');

/** @type {Map<string, HTMLLIElement>} user id → its entry */
const items = new Map();
let query = '';
let collator = new Intl.Collator(language());

/** What a search compares: case and composition do not matter, in any script. */
const fold = (text) => text.normalize('NFC').toLowerCase();

/** @param {(userId: string) => void} call */
export function bind(call) {
  list.addEventListener('click', (event) => {
    const button = event.target.closest('[data-testid="call-button"]');
    if (button) call(button.closest('[data-testid="user"]').dataset.userId);
  });
  search.addEventListener('input', () => filter(search.value));
  search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      visibleButtons()[0]?.focus();
    } else if (event.key === 'Escape' && search.value) {
      event.preventDefault();
      search.value = '';
      filter('');
    }
  });
  // Up and down walk the shown entries; up from the first one returns to the search.
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = visibleButtons();
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) search.focus();
    else buttons[Math.min(next, buttons.length - 1)].focus();
  });
}

function visibleButtons() {
  const buttons = [];
  for (const item of list.children) {
    if (!item.hidden) buttons.push(item.querySelector('[data-testid="call-button"]'));
  }
  return buttons;
}

/**
 * Brings the list in line with `users`, sorted by name, touching only what
 * changed so that focus and hover survive presence updates.
 * @param {Iterable<import('./protocol.js').User>} users
 * @param {boolean} canCall
 */
export function show(users, canCall) {
  const sorted = [...users].sort((a, b) => collator.compare(a.name, b.name));
  const ids = new Set(sorted.map((user) => user.id));
  for (const [id, item] of items) {
    if (!ids.has(id)) {
      item.remove();
      items.delete(id);
    }
  }
  const children = list.children;
  sorted.forEach((user, index) => {
    const item = update(user, canCall);
    const here = children[index];
    if (here !== item) list.insertBefore(item, here ?? null);
  });
  summarize();
}

/** Texts in the current language, after a switch. */
export function retranslate(users, canCall) {
  collator = new Intl.Collator(language());
  for (const item of items.values()) item.dataset.text = '';
  show(users, canCall);
}

function update(user, canCall) {
  let item = items.get(user.id);
  if (!item) {
    item = create(user);
    items.set(user.id, item);
  }
  const callable = user.callable !== false;
  const state = callable ? (user.state === 'busy' ? t('user.busy') : t('user.available')) : t('user.not-callable');
  const textKey = `${state}|${language()}`;
  if (item.dataset.state !== user.state) item.dataset.state = user.state;
  item.classList.toggle('not-callable', !callable);
  if (item.dataset.text !== textKey) {
    item.dataset.text = textKey;
    item.querySelector('.user-state').textContent = state;
    const button = item.querySelector('button');
    button.textContent = t('user.call');
    button.setAttribute('aria-label', t('user.call-label', { name: user.name }));
  }
  const button = item.querySelector('button');
  if (button.disabled !== !canCall) button.disabled = !canCall;
  const hidden = !matches(item);
  if (item.hidden !== hidden) item.hidden = hidden;
  return item;
}

function create(user) {
  const item = make('li', 'user');
  item.dataset.testid = 'user';
  item.dataset.userId = user.id;
  item.dataset.userName = user.name;
  item.dataset.search = fold(user.name);
  const avatar = make('span', 'avatar', initial(user.name));
  avatar.setAttribute('aria-hidden', 'true');
  const who = make('span', 'user-who');
  who.append(make('span', 'user-name', user.name), make('span', 'user-state'));
  const button = make('button', 'call-button');
  button.type = 'button';
  button.dataset.testid = 'call-button';
  item.append(avatar, who, button);
  return item;
}

const matches = (item) => !query || item.dataset.search.includes(query);

/** Hides the entries whose name does not contain `text`. */
function filter(text) {
  query = fold(text.trim());
  for (const item of items.values()) {
    const hidden = !matches(item);
    if (item.hidden !== hidden) item.hidden = hidden;
  }
  summarize();
}

function summarize() {
  const total = items.size;
  let shown = total;
  if (query) {
    shown = 0;
    for (const item of items.values()) if (!item.hidden) shown++;
  }
  nobody.hidden = total > 0;
  noMatch.hidden = !(total > 0 && shown === 0);
  noMatch.textContent = noMatch.hidden ? '' : t('people.no-match', { query: search.value.trim() });
  countLabel.textContent = total > 0 ? t('people.count', { count: count(total) }) : '';
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function initial(name) {
  return name ? [...name.trim()][0]?.toUpperCase() ?? '' : '';
}
