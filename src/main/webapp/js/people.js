/**
 * The list of people online and its search field. DOM only. Thousands of
 * entries stay cheap: only entries that match the search are in the list, and
 * past FULL_LIST of them only those in view (and a few around) are; padding
 * stands in for the rest, so that the scroll bar stays true. A presence update
 * only touches entries that changed.
 * @module people
 */
import { t, count, current as language } from './strings.js';

/** Up to this many matches are all in the DOM (every hook findable); beyond it, those in view. */
const FULL_LIST = 100;
const OVERSCAN = 8; // rows above and below the view, so that fast scrolling shows no gap

const list = /** @type {HTMLUListElement} */ (document.querySelector('[data-testid="user-list"]'));
const scroller = document.getElementById('user-scroll'); // the list's padding stands in for entries out of view
const search = /** @type {HTMLInputElement} */ (document.querySelector('[data-testid="user-search"]'));
const nobody = document.getElementById('nobody');
const noMatch = document.getElementById('no-match');
const countLabel = document.getElementById('people-count');

/** @type {Map<string, HTMLLIElement>} user id → its entry, in the DOM or not */
const items = new Map();
/** @type {HTMLLIElement[]} every entry, sorted by name */
let sorted = [];
/** @type {HTMLLIElement[]} the entries that match the search, in order */
let matches = [];
let query = '';
let collator = new Intl.Collator(language());
let rowHeight = 0;
let frame = 0;

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
      focusMatch(0);
    } else if (event.key === 'Escape' && search.value) {
      event.preventDefault();
      search.value = '';
      filter('');
    }
  });
  // Up and down walk the matches; up from the first one returns to the search.
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const at = matches.indexOf(document.activeElement?.closest('[data-testid="user"]'));
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) search.focus();
    else focusMatch(Math.min(next, matches.length - 1));
  });
  const replace = () => {
    if (matches.length <= FULL_LIST || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      place();
    });
  };
  scroller.addEventListener('scroll', replace, { passive: true });
  new ResizeObserver(replace).observe(scroller); // shown, or another layout: another number of rows fits
}

/** Brings the match at `index` into the list and into view, and focuses its button. */
function focusMatch(index) {
  const item = matches[index];
  if (!item) return;
  if (!item.isConnected) {
    scroller.scrollTop = index * measureRow() - scroller.clientHeight / 2;
    place();
  }
  item.querySelector('[data-testid="call-button"]').focus();
}

/**
 * Brings the list in line with `users`, sorted by name, touching only what
 * changed so that focus and hover survive presence updates.
 * @param {Iterable<import('./protocol.js').User>} users
 * @param {boolean} canCall
 */
export function show(users, canCall) {
  const ordered = [...users].sort((a, b) => collator.compare(a.name, b.name));
  const ids = new Set(ordered.map((user) => user.id));
  for (const [id, item] of items) {
    if (!ids.has(id)) {
      item.remove();
      items.delete(id);
    }
  }
  sorted = ordered.map((user) => update(user, canCall));
  filter(search.value);
}

/** Texts in the current language, after a switch. */
export function retranslate(users, canCall) {
  collator = new Intl.Collator(language());
  rowHeight = 0;
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

/** Keeps the entries whose name contains `text`. */
function filter(text) {
  query = fold(text.trim());
  matches = query ? sorted.filter((item) => item.dataset.search.includes(query)) : sorted;
  list.dataset.matches = String(matches.length);
  place();
  summarize();
}

/** Puts in the list the matches it should hold: all of them, or those in view. */
function place() {
  let first = 0;
  let last = matches.length;
  if (matches.length > FULL_LIST) {
    const row = measureRow();
    first = Math.max(0, Math.floor(scroller.scrollTop / row) - OVERSCAN);
    last = Math.min(matches.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / row) + OVERSCAN);
    list.style.paddingTop = `${first * row}px`;
    list.style.paddingBottom = `${(matches.length - last) * row}px`;
  } else {
    list.style.paddingTop = list.style.paddingBottom = '';
  }
  // Entries already in place stay untouched, so that a focused button keeps its focus.
  let here = list.firstElementChild;
  for (let i = first; i < last; i++) {
    const item = matches[i];
    item.setAttribute('aria-posinset', String(i + 1));
    item.setAttribute('aria-setsize', String(matches.length));
    if (here === item) here = here.nextElementSibling;
    else list.insertBefore(item, here);
  }
  while (here) {
    const next = here.nextElementSibling;
    here.remove();
    here = next;
  }
}

/** The height of one entry with its margin; every entry has the same. */
function measureRow() {
  if (rowHeight) return rowHeight;
  const sample = list.firstElementChild ?? matches[0];
  if (!sample.isConnected) list.append(sample);
  const style = getComputedStyle(sample);
  const height = sample.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  if (height > 0) rowHeight = height; // 0 while the list is not shown: measure again later
  return height || 52;
}

function summarize() {
  const total = items.size;
  nobody.hidden = total > 0;
  noMatch.hidden = !(total > 0 && matches.length === 0);
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
