#!/usr/bin/env node
'use strict';
// SEC-1, second line: writes the collector's masking processors
// (transform/mask_logs, transform/mask_traces) into collector/config.yaml,
// between the BEGIN/END GENERATED lines, from @jewelry/masking, the one
// source of the patterns the logger masks with.
//
//   npx tsc -b packages/masking && node scripts/generate-collector-masking.js          # rewrite the block
//   node scripts/generate-collector-masking.js --check                                 # exit 1 when it is stale
//
// What the generated OTTL does to every map of attributes (resource, log
// record, span, span event; a log body that is a map swaps places with the
// attributes and gets the same), in four groups of statements (mapGroups):
//   scan:   notes the keys of a sensitive class (sensitiveKeyPatterns), runs the
//           text rules (collectorPatterns, in their order) on every string value,
//           each behind a cheap literal gate, and the first step of the card rule;
//   cards:  only where that step found a candidate: the Luhn check, done with
//           regex rewrites (cardSteps), in the rounds maskCards uses;
//   phones: the phone rules, except on values under id keys (idKeyPattern);
//   keys:   only where sensitive keys were found: their values get the class's
//           mask (valuePatterns); numbers, lists and maps under them first become
//           strings (a JSON round trip of just those keys).
// Command lines also get commandLinePatterns: process.command_line, and
// process.command_args (a list) as its JSON text. Strings outside maps (a text
// log body, a span name, a status message, a span event name) ride in the
// attributes for it, under jewelry.masking.* keys; so do the few facts a later
// group needs (groups do not share `cache`). None is left behind.
//
// The steps use characters of the Unicode private use area as markers
// (U+E000–U+E01F; @jewelry/masking's valuePatterns use U+E011–U+E016). In the
// YAML they are written as escapes: \\x{E000} in a regex, \uE000 in a replacement.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const masking = require('@jewelry/masking');

const CONFIG = join(__dirname, '..', 'collector', 'config.yaml');
const BEGIN = '  # BEGIN GENERATED masking: scripts/generate-collector-masking.js from @jewelry/masking. Do not edit by hand.';
const END = '  # END GENERATED masking';

// Markers of the card check (see cardSteps) and of nested values under sensitive keys.
const START = '\uE000'; // a card candidate: START <as written> MID <its digits, then their sums> STOP
const MID = '\uE001';
const STOP = '\uE002';
const ODD_POS = '\uE003'; // digit at an odd position counted from the left
const EVEN_POS = '\uE004';
const UNIT_EVEN = '\uE005'; // one unit of the Luhn sum if the number has an even length
const UNIT_ODD = '\uE006'; // … if it has an odd length
const LEN_ODD = '\uE007';
const LEN_EVEN = '\uE008';
const FAILED = '\uE009'; // a candidate that failed the check, waiting for the next round
const FAILED_END = '\uE00A';
const REST = '\uE00B'; // the groups after a prefix candidate
const REST_END = '\uE00C';
const FENCE = '\uE00D'; // with "_", before a failed candidate: no card starts at its first group
const CUT = '\uE00E'; // after a prefix that failed: the next one is shorter
const NESTED = '\uE010'; // a number/object/list under a sensitive key, before it gets the class's mask

/** Stash keys: strings outside maps ride in the attributes while they are masked. */
const STASH = {
  body: 'jewelry.masking.body',
  spanName: 'jewelry.masking.span_name',
  statusMessage: 'jewelry.masking.status_message',
  eventName: 'jewelry.masking.event_name',
  commandArgs: 'jewelry.masking.command_args',
};

const step = (regex, replacement, extra = {}) => ({ regex, replacement, ...extra });
const groups = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `\${${from + i}}`).join('');

/**
 * Luhn in regexes. The card rule finds a candidate; the rewrite keeps it as
 * written and appends its digits, each tagged with the parity of its position
 * from the left. As the length is not known to a replacement template, both
 * sums are computed: each digit becomes that many units (doubled and minus 9
 * where the parity says so) of one sum per assumed length parity; ten units of
 * a sum cancel out. A candidate whose sum for its real length parity is left
 * empty is a card and gets the source side's mask; otherwise it is written back
 * as it was (order ids like 4000123412341235 stay searchable).
 * Rounds as maskCards does them on the source side: (A) the candidate the
 * rule finds; (B) for one that fails, its longest prefix of whole digit groups
 * ("4111 1111 1111 1111 123": a card and a CVV), then the next shorter one
 * ("4111 1111 1111 1111 12 28"); (C) for one that still fails,
 * the rule again from its second group on, past its end ("2026 4111 1111 1111
 * 1111": a year and a card), and (D) the prefix of that ("2026 4111 1111 1111
 * 1111 123"). The source side goes on to shorter prefixes and further restarts
 * (runs of five and more digit groups); those are not followed here.
 */
/** Each candidate's digits as a round's first step writes them: per position, its parity tag and the digit (empty past the end). */
function taggedDigits(firstGroup) {
  const { maxDigits } = masking.cardDigitsPattern;
  return Array.from({ length: maxDigits }, (_, i) => `${i % 2 === 0 ? ODD_POS : EVEN_POS}\${${firstGroup + i}}`).join('');
}

/** Round A's first step: each candidate as written, then its digits. */
function cardMarkReplacement() {
  return `${START}\${0}${MID}${taggedDigits(1)}${STOP}`;
}

function cardSteps() {
  const { regex, maxDigits } = masking.cardDigitsPattern;
  if (!regex.startsWith('\\b') || !regex.endsWith('\\b')) throw new Error('cardDigitsPattern: expected \\b…\\b');
  const inner = regex.slice(2, -2);
  const tagged = taggedDigits;
  const doubled = (d) => (d < 5 ? 2 * d : 2 * d - 9);
  const sums = [
    // The last tagged digit tells the length's parity; tags of unmatched (empty) groups go.
    step(`${MID}((?:[${ODD_POS}${EVEN_POS}][0-9])*)${ODD_POS}([0-9])[${ODD_POS}${EVEN_POS}]*${STOP}`, `${MID}\${1}${ODD_POS}\${2}${LEN_ODD}${STOP}`),
    step(`${MID}((?:[${ODD_POS}${EVEN_POS}][0-9])*)${EVEN_POS}([0-9])[${ODD_POS}${EVEN_POS}]*${STOP}`, `${MID}\${1}${EVEN_POS}\${2}${LEN_EVEN}${STOP}`),
  ];
  // Even length: odd positions are doubled (minus 9 above 9). Odd length: even positions are.
  // One statement per tag and digit: each is a plain literal, which Go's regexp finds with a substring search.
  for (let d = 0; d <= 9; d++) {
    sums.push(step(`${ODD_POS}${d}`, UNIT_EVEN.repeat(doubled(d)) + UNIT_ODD.repeat(d)));
    sums.push(step(`${EVEN_POS}${d}`, UNIT_EVEN.repeat(d) + UNIT_ODD.repeat(doubled(d))));
  }
  // Ten units of a sum cancel out.
  sums.push(step(`${UNIT_EVEN}(${UNIT_ODD}*)`.repeat(10), groups(1, 10)));
  sums.push(step(`${UNIT_ODD}(${UNIT_EVEN}*)`.repeat(10), groups(1, 10)));

  const valid = `${MID}(?:${UNIT_ODD}*${LEN_EVEN}|${UNIT_EVEN}*${LEN_ODD})${STOP}`;
  const anySum = `${MID}[^${STOP}]*${STOP}`;
  const last4 = `[^${MID}]*([0-9])[ -]?([0-9])[ -]?([0-9])[ -]?([0-9])`;
  const mask = '**** **** **** ${1}${2}${3}${4}';
  /** The rule's candidates in the text; those that fail wait as FAILED <as written> FAILED_END (or go back as they were). */
  // Each round's sums and decisions run only where its first step found something: `when` names the
  // flag (cache, set by a `check` of the whole map) a statement waits for; text steps without one always run.
  const when = (flag, steps) => steps.map((x) => ({ ...x, when: x.when ?? flag }));
  const check = (flag, literal, after) => ({ check: flag, literal, ...(after ? { when: after } : {}) });
  const round = (flag, mark, decisions, after) => [
    when(after, [mark])[0],
    check(flag, START, after),
    ...when(flag, [...sums, ...decisions]),
  ];
  /** The rule's candidates in the text; those that fail wait as FAILED <as written> FAILED_END (or go back as they were). */
  const whole = (flag, after) =>
    round(flag, step(regex, `${START}\${0}${MID}${tagged(1)}${STOP}`), [
      step(`${START}${last4}${valid}`, mask),
      step(`${START}([^${MID}]*)${anySum}`, `${FAILED}\${1}${FAILED_END}`),
    ], after);
  /**
   * The longest prefix of whole groups (card-long, more groups after it) of each failed candidate; one that
   * fails leaves a CUT after it, so that the next round takes a shorter one.
   */
  const prefix = (flag, keepFailed, after) =>
    round(
      flag,
      step(`${FAILED}(${inner})([ -][0-9][0-9 -]*(?:${CUT}[0-9 -]*)*)${FAILED_END}`, `${START}\${1}${MID}${tagged(2)}${STOP}${REST}\${${maxDigits + 2}}${REST_END}`),
      [
        step(`${START}${last4}${valid}${REST}([^${REST_END}]*)${REST_END}`, `${mask}\${5}`),
        step(`${START}([^${MID}]*)${anySum}${REST}([^${REST_END}]*)${REST_END}`, keepFailed ? `${FAILED}\${1}${CUT}\${2}${FAILED_END}` : '${1}${2}'),
      ],
      after,
    );
  return [
    // A (its first step, the rule, runs before: the cards group starts where it found a candidate).
    ...when('cards', [...sums, step(`${START}${last4}${valid}`, mask), step(`${START}([^${MID}]*)${anySum}`, `${FAILED}\${1}${FAILED_END}`)]),
    check('failed', FAILED),
    // B: prefixes of the failed ones, two groups shorter at most.
    ...prefix('prefix1', true, 'failed'),
    ...prefix('prefix2', true, 'failed'),
    // C: the rule again from each still failed one's second group on: its first group is fenced off by a
    // word character, so no \b lets a card start there. D: the longest prefix of what fails there.
    ...when('failed', [step(`${FAILED}([0-9])`, `${FENCE}_\${1}`), step(FAILED_END, ''), step(CUT, '')]),
    ...whole('restart', 'failed'),
    check('failed_again', FAILED, 'failed'),
    ...prefix('prefix3', false, 'failed_again'),
    ...when('failed_again', [step(FAILED, ''), step(FAILED_END, ''), step(CUT, '')]),
    ...when('failed', [step(`${FENCE}_`, '')]),
  ];
}
/** The text rules for every string value, in the source side's order; `phone: true` steps skip id keys. */
function textSteps() {
  const steps = [];
  for (const p of masking.collectorPatterns) {
    if (p.name === 'card_number') {
      if (p.regex !== masking.cardDigitsPattern.sameMatchesAs) throw new Error('card_number changed: update cardDigitsPattern with it');
      const mark = step(masking.cardDigitsPattern.regex, cardMarkReplacement());
      steps.push(...[mark, ...cardSteps()].map((s) => ({ ...s, rule: p.name })));
    } else {
      steps.push(step(p.regex, p.replacement, { rule: p.name, phone: p.name.startsWith('phone') }));
    }
  }
  return steps;
}

/** Per sensitive key class, in priority order: its key regex and the steps over its values. */
function classSteps() {
  return masking.sensitiveKeyPatterns.map((p) => ({
    name: p.name,
    keyRegex: p.regex,
    stems: stemsOf([...p.words, ...p.pairs.map(([, b]) => b), ...p.qualified]),
    steps: [step(`^${NESTED}$`, p.replacement), ...p.valuePatterns.map((v) => step(v.regex, v.replacement))],
  }));
}

/** The fewest words of a class such that each of its trigger words contains one (password → pass). */
function stemsOf(words) {
  const stems = [];
  for (const w of [...new Set(words)].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    if (!stems.some((s) => w.includes(s))) stems.push(w);
  }
  return stems;
}

/**
 * A cheap superset of the sensitive keys: every key a class regex matches
 * contains one of the class's trigger words, lower, Capitalised or UPPER. Keys it lets
 * through that no class takes (file_name) cost a little and change nothing.
 */
const keyPrefilter = () => {
  const words = new Set();
  for (const p of masking.sensitiveKeyPatterns) for (const w of [...p.words, ...p.pairs.map(([, b]) => b), ...p.qualified]) words.add(w);
  // Spelled out in the three cases keys use (Go's regexp is much slower with (?i)); sorted, so common prefixes factor.
  return [...new Set(cased([...words]))].sort().join('|');
};

// ---- OTTL rendering --------------------------------------------------------

const PUA = /[\uE000-\uF8FF]/g;
const hex = (c) => c.charCodeAt(0).toString(16).toUpperCase();
/** An OTTL string literal holding `regex` (RE2), private-use characters as \x{…}. */
const regexLiteral = (regex) => JSON.stringify(regex.replace(PUA, (c) => `\\x{${hex(c)}}`));
/** An OTTL string literal holding `text` as is, private-use characters as \u…. */
const textLiteral = (text) => JSON.stringify(text).replace(PUA, (c) => `\\u${hex(c)}`);

const replaceAll = (target, s) => `replace_all_patterns(${target}, "value", ${regexLiteral(s.regex)}, ${textLiteral(s.replacement)})`;

/**
 * Cheap necessary conditions per text rule: literals, one of which the text
 * must contain for the rule to match (Go's regexp finds a literal with a
 * plain substring search, while a rule's own regex costs microseconds per
 * value). Checked once per record against the whole map written as JSON.
 * Rules without an entry always run. The case-insensitive rules are gated on
 * the lower, Capitalised and UPPER spellings of their words (a key word in
 * mixed case such as "PassWord=" is left to the source side).
 */
const GATES = {
  bearer_token: { lower: true, literals: ['bearer'] },
  secret_kv: {
    lower: true,
    literals: ['pass', 'pwd', 'secret', 'token', 'pin', 'otp', 'cvv', 'cvc', 'credential', 'signature', 'authorization', 'cookie', 'sid', 'key', 'session'],
  },
  jwt: { literals: ['eyJ'] },
  api_key_prefixed: { literals: ['sk_', 'rk_', 'pk_', 'whsec_', 'gh', 'glpat-', 'xox'] },
  aws_access_key_id: { literals: ['AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'] },
  google_api_key: { literals: ['AIza'] },
  email: { literals: ['@'] },
};
function cased(words) {
  return words.flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase()]);
}

/**
 * Keys our own services and their instrumentations write that no class
 * regex takes (the schema's fields and common OpenTelemetry attributes; the
 * test checks they really are not sensitive). They skip the key-class regexes,
 * which cost microseconds per key. A speed-up only: a key missing here is
 * classified all the same.
 */
function safeKeys() {
  const schema = require('@jewelry/schema');
  const otel = [
    'http.request.method', 'http.response.status_code', 'http.route', 'http.method', 'http.status_code', 'http.target',
    'http.url', 'http.scheme', 'http.host', 'http.flavor', 'http.user_agent', 'http.request_content_length',
    'http.response_content_length', 'url.full', 'url.path', 'url.query', 'url.scheme', 'server.address', 'server.port',
    'client.address', 'client.port', 'network.peer.address', 'network.peer.port', 'network.protocol.name',
    'network.protocol.version', 'network.transport', 'network.type', 'net.host.name', 'net.host.port', 'net.peer.ip',
    'net.peer.name', 'net.peer.port', 'net.transport', 'user_agent.original', 'exception.type', 'exception.message',
    'exception.stacktrace', 'exception.escaped', 'code.function', 'code.filepath', 'code.lineno', 'code.namespace',
    'thread.id', 'thread.name', 'otel.status_code', 'otel.status_description', 'db.system', 'db.name', 'db.statement',
    'db.operation', 'db.query.text', 'db.operation.name', 'db.collection.name', 'messaging.system', 'messaging.operation',
    'messaging.destination', 'messaging.destination.name', 'messaging.message.id', 'messaging.protocol',
    'messaging.protocol_version', 'messaging.url', 'messaging.rabbitmq.routing_key', 'messaging.rabbitmq.destination.routing_key',
    'messaging.conversation_id', 'rpc.system', 'rpc.service', 'rpc.method', 'aws.region', 'aws.s3.bucket', 'aws.s3.key',
    'cloud.region', 'log.iostream', 'log.file.name', 'log.file.path', 'service.name', 'service.version', 'service.namespace',
    'service.instance.id', 'deployment.environment', 'deployment.environment.name', 'host.name', 'host.arch', 'host.id',
    'os.type', 'os.description', 'process.pid', 'process.executable.name', 'process.executable.path', 'process.command',
    'process.command_line', 'process.command_args', 'process.owner', 'process.runtime.name', 'process.runtime.version',
    'process.runtime.description', 'file.name', 'file.path', 'file.directory', 'file.extension', 'file.size',
    'error.type', 'error.message', 'event.domain', 'session.previous_id', 'telemetry.sdk.name', 'telemetry.sdk.language', 'telemetry.sdk.version',
    'telemetry.distro.name', 'telemetry.distro.version',
  ];
  const all = new Set([...schema.allFieldNames().keys(), ...schema.allSpanFieldNames().keys(), ...otel, ...Object.values(STASH), ...Object.values(FLAG)]);
  return [...all].filter((k) => !masking.sensitiveKeyPatterns.some((p) => new RegExp(p.regex).test(k))).sort();
}
const quoteMeta = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const safeKeysRegex = (filter = () => true) => `^(?:${safeKeys().filter(filter).map(quoteMeta).join('|')})$`;

/**
 * The statement groups that mask one map, the `attributes` of their context.
 * Groups, not one list: a group's `conditions` are checked once per record,
 * so work that most records do not need is skipped in one test. Groups do not
 * share `cache`; what a later group needs rides in the attributes under
 * `jewelry.masking.*` keys (FLAG), removed by the group that uses it.
 */
const FLAG = {
  keys: 'jewelry.masking.keys', // the keys of a sensitive class (a map, their original values)
  plus: 'jewelry.masking.plus', // the map has a "+": the international phone rule may match
  unknown: 'jewelry.masking.unknown', // the keys not on the safe list (a map), for the id keys among them
  digits: 'jewelry.masking.digits', // the map has a run of digits long enough for a phone: the phone rules may match
};

/*
 * Necessary conditions of the digit rules, tested once on the map's JSON
 * (only digits, spaces, parentheses and dashes are involved, and JSON does
 * not escape them) — most records have no long digit run, and then the card
 * and phone regexes, which cost microseconds per value, are not run at all.
 * A card: 13 or more digits, at most one space or dash between two. A phone
 * (both rules): 8 or more digits, at most two of " ()-" between two.
 */
const CARD_GATE = '[0-9](?:[ -]?[0-9]){12}';
const PHONE_GATE = '[0-9](?:[ ()-]{0,2}[0-9]){7}';

function mapGroups() {
  const T = 'attributes';
  const cache = (k) => `cache[${textLiteral(k)}]`;
  const attr = (k) => `${T}[${textLiteral(k)}]`;
  const prefilter = regexLiteral(keyPrefilter());
  const typed = regexLiteral('":[-0-9{\\[]');
  const gate = (rule) => {
    const g = GATES[rule];
    if (!g) return '';
    const text = g.lower ? cache('lower') : cache('all');
    return ` where ${g.literals.map((l) => `IsMatch(${text}, ${regexLiteral(quoteMeta(l))})`).join(' or ')}`;
  };
  const text = textSteps();
  const card = text.filter((s) => s.rule === 'card_number');
  const [mark, ...cardRest] = card;
  const before = text.slice(0, text.indexOf(mark));
  const phones = text.slice(text.indexOf(card[card.length - 1]) + 1);
  if (phones.some((s) => !s.phone)) throw new Error('expected only phone rules after card_number');
  const [flag, flagJson] = masking.commandLinePatterns;
  const argsStash = attr(STASH.commandArgs);

  const scan = [
    // Command lines: argv (a list) is masked as its JSON text, and parsed back at the end.
    `set(${argsStash}, String(${T}["process.command_args"])) where IsList(${T}["process.command_args"])`,
    `replace_pattern(${T}["process.command_line"], ${regexLiteral(flag.regex)}, ${textLiteral(flag.replacement)})`,
    // journald's field for the same (a journald record's body is a map).
    `replace_pattern(${T}["_CMDLINE"], ${regexLiteral(flag.regex)}, ${textLiteral(flag.replacement)})`,
    `replace_pattern(${argsStash}, ${regexLiteral(flagJson.regex)}, ${textLiteral(flagJson.replacement)})`,
    // Keys of a sensitive class: their original values are kept for the `keys` group.
    `set(${cache('keys')}, ${T})`,
    `delete_matching_keys(${cache('keys')}, ${regexLiteral(safeKeysRegex())})`,
    `set(${cache('unknown')}, ${cache('keys')}) where Len(${cache('keys')}) > 0`,
    `keep_matching_keys(${cache('keys')}, ${prefilter}) where Len(${cache('keys')}) > 0`,
    // The map as JSON (and lower-cased), for the gates of the text rules; masking only removes what they look for.
    `set(${cache('all')}, String(${T}))`,
    `set(${cache('lower')}, ToLowerCase(${cache('all')}))`,
    `set(${attr(FLAG.keys)}, ${cache('keys')}) where Len(${cache('keys')}) > 0`,
    `set(${attr(FLAG.unknown)}, ${cache('unknown')}) where ${cache('unknown')} != nil`,
    `set(${attr(FLAG.plus)}, true) where IsMatch(${cache('all')}, "\\\\+")`,
    `set(${attr(FLAG.digits)}, true) where IsMatch(${cache('all')}, ${regexLiteral(PHONE_GATE)})`,
    ...before.map((s) => replaceAll(T, s) + gate(s.rule)),
    `${replaceAll(T, mark)} where IsMatch(${cache('all')}, ${regexLiteral(CARD_GATE)})`,
  ];
  const cards = cardRest.map((s) => {
    const where = s.when && s.when !== 'cards' ? ` where ${cache(s.when)} == true` : '';
    return s.check ? `set(${cache(s.check)}, IsMatch(${T}, ${regexLiteral(s.literal)}))${where}` : replaceAll(T, s) + where;
  });
  const knownIds = safeKeys().filter((k) => new RegExp(masking.idKeyPattern).test(k));
  const unknown = attr(FLAG.unknown);
  const digits = `${attr(FLAG.digits)} != nil`;
  const phoneGroup = [
    // Values under id keys go through the phone rules unchanged (an order id 79161234567 is not a phone):
    // the known id keys by name, the other keys by the id key regex. All of it only where a phone may be.
    `set(${cache('ids')}, ${T}) where ${digits}`,
    `keep_keys(${cache('ids')}, [${knownIds.map(textLiteral).join(', ')}]) where ${digits}`,
    `set(${cache('more')}, ${unknown}) where ${digits} and ${unknown} != nil`,
    `keep_matching_keys(${cache('more')}, ${regexLiteral(masking.idKeyPattern)}) where ${cache('more')} != nil`,
    `merge_maps(${cache('more')}, ${T}, "update") where ${cache('more')} != nil`,
    `merge_maps(${cache('ids')}, ${cache('more')}, "upsert") where ${cache('more')} != nil`,
    `delete_key(${T}, ${textLiteral(FLAG.unknown)})`,
    ...phones.map((s) => replaceAll(T, s) + (s.rule === 'phone_international' ? ` where ${digits} and ${attr(FLAG.plus)} != nil` : ` where ${digits}`)),
    `merge_maps(${T}, ${cache('ids')}, "upsert") where ${digits}`,
    `delete_key(${T}, ${textLiteral(FLAG.plus)})`,
    `delete_key(${T}, ${textLiteral(FLAG.digits)})`,
    `set(${T}["process.command_args"], ParseJSON(${argsStash})) where ${argsStash} != nil`,
    // Not a JSON list any more (should not happen): keep the masked text rather than the original list.
    `set(${T}["process.command_args"], ${argsStash}) where ${argsStash} != nil and String(${T}["process.command_args"]) != ${argsStash}`,
    `delete_key(${T}, ${textLiteral(STASH.commandArgs)})`,
  ];
  const keys = [
    `set(${cache('keys')}, ${attr(FLAG.keys)})`,
    `delete_key(${T}, ${textLiteral(FLAG.keys)})`,
    // Their values as the text rules left them: what a class leaves alone (a phone with under 5 digits) is masked as text.
    `merge_maps(${cache('keys')}, ${T}, "update")`,
    // Numbers, lists and maps under such keys become strings first: a JSON round trip of just these keys.
    `set(${cache('json')}, String(${cache('keys')})) where IsMatch(${cache('keys')}, ${typed})`,
    ...[1, 2, 3].map(() => `replace_pattern(${cache('json')}, ${regexLiteral('":(\\{[^{}]*\\}|\\[[^\\[\\]]*\\])')}, ${textLiteral(`":"${NESTED}"`)})`),
    `replace_pattern(${cache('json')}, ${regexLiteral('":(-?[0-9][0-9.eE+-]*)')}, ${textLiteral('":"${1}"')})`,
    `set(${cache('keys')}, ParseJSON(${cache('json')})) where ${cache('json')} != nil`,
    // Not parseable after all: those keys go rather than leak.
    `delete_matching_keys(${T}, ${prefilter}) where ${cache('json')} != nil and IsMatch(${cache('keys')}, ${typed})`,
    `set(${cache('keys')}, {}) where ${cache('json')} != nil and IsMatch(${cache('keys')}, ${typed})`,
  ];
  // Lowest priority first: where two classes claim a key (rare: email_full_address), the first class's mask is merged last.
  // A class's regex (microseconds per key) runs only where one of its words is in a key at all.
  keys.push(`set(${cache('names')}, ToLowerCase(String(Keys(${cache('keys')}))))`);
  for (const cls of [...classSteps()].reverse()) {
    const c = cache(cls.name);
    const some = `${c} != nil and Len(${c}) > 0`;
    keys.push(`set(${c}, ${cache('keys')}) where ${cls.stems.map((w) => `IsMatch(${cache('names')}, ${regexLiteral(quoteMeta(w))})`).join(' or ')}`);
    keys.push(`keep_matching_keys(${c}, ${regexLiteral(cls.keyRegex)}) where ${c} != nil`);
    for (const s of cls.steps) keys.push(`${replaceAll(c, s)} where ${some}`);
    keys.push(`merge_maps(${T}, ${c}, "upsert") where ${some}`);
  }
  return [
    { name: 'scan', statements: scan },
    { name: 'cards', statements: cards, condition: `IsMatch(${T}, ${regexLiteral(START)})` },
    { name: 'phones', statements: phoneGroup },
    { name: 'keys', statements: keys, condition: `${attr(FLAG.keys)} != nil` },
  ];
}

// ---- YAML --------------------------------------------------------------------

/** A YAML single-quoted scalar; `$` doubled, as the collector's config loader expands `${…}`. */
const yamlString = (s) => `'${s.replace(/\$/g, '$$$$').replace(/'/g, "''")}'`;

function yamlGroup(indent, context, statements, { anchor, alias, conditions } = {}) {
  const pad = ' '.repeat(indent);
  const lines = [`${pad}- context: ${context}`];
  if (conditions) lines.push(`${pad}  conditions: [${conditions.map(yamlString).join(', ')}]`);
  if (alias) {
    lines.push(`${pad}  statements: *${alias}`);
    return lines;
  }
  lines.push(`${pad}  statements:${anchor ? ` &${anchor}` : ''}`);
  for (const s of statements) lines.push(`${pad}    - ${yamlString(s)}`);
  return lines;
}

/** The generated block: processor definitions, indented for config.yaml's `processors:` map. */
function render() {
  const groups = mapGroups();
  const defined = new Set();
  const stashKey = (k) => `attributes[${textLiteral(k)}]`;
  /** The map groups for one context; the first use defines YAML anchors, the others refer to them. */
  const mapOf = (context, extraCondition) =>
    groups.flatMap((g) => {
      const conditions = [g.condition, extraCondition].filter(Boolean);
      const anchor = `jewelry_mask_${g.name}`;
      const first = !defined.has(anchor);
      defined.add(anchor);
      return yamlGroup(6, context, first ? g.statements : null, {
        anchor: first ? anchor : undefined,
        alias: first ? undefined : anchor,
        conditions: conditions.length ? [conditions.join(' and ')] : undefined,
      });
    });
  const swap = ['set(cache["swap"], attributes)', 'set(attributes, body)', 'set(body, cache["swap"])'];
  const lines = [
    BEGIN,
    '  # SEC-1, second line: the same classes of personal data and secrets as the',
    '  # logger masks, for records that never went through it (raw OTLP, other',
    '  # SDKs, host log files). Runs after transform/limits (the regexes see at most',
    '  # the truncated sizes) and before the ECS transforms copy anything.',
    '  # Four groups of statements (&jewelry_mask_scan, _cards, _phones, _keys) mask',
    '  # every attribute map; text bodies, span names, status messages and span event',
    '  # names ride in the attributes for it. How: scripts/generate-collector-masking.js.',
    '  transform/mask_logs:',
    '    error_mode: ignore',
    '    log_statements:',
    ...mapOf('resource'),
    ...yamlGroup(6, 'log', [`set(${stashKey(STASH.body)}, body) where IsString(body)`]),
    ...mapOf('log'),
    ...yamlGroup(6, 'log', [
      `set(body, ${stashKey(STASH.body)}) where ${stashKey(STASH.body)} != nil`,
      `delete_key(attributes, ${textLiteral(STASH.body)})`,
    ]),
    // A body that is a map gets the same statements: it swaps places with the attributes and back.
    ...yamlGroup(6, 'log', swap, { conditions: ['IsMap(body)'] }),
    ...mapOf('log', 'IsMap(body)'),
    ...yamlGroup(6, 'log', swap, { conditions: ['IsMap(body)'] }),
    '  transform/mask_traces:',
    '    error_mode: ignore',
    '    trace_statements:',
    ...mapOf('resource'),
    ...yamlGroup(6, 'span', [
      `set(${stashKey(STASH.spanName)}, name)`,
      `set(${stashKey(STASH.statusMessage)}, status.message) where status.message != ""`,
    ]),
    ...mapOf('span'),
    ...yamlGroup(6, 'span', [
      `set(name, ${stashKey(STASH.spanName)}) where ${stashKey(STASH.spanName)} != nil`,
      `set(status.message, ${stashKey(STASH.statusMessage)}) where ${stashKey(STASH.statusMessage)} != nil`,
      `delete_key(attributes, ${textLiteral(STASH.spanName)})`,
      `delete_key(attributes, ${textLiteral(STASH.statusMessage)})`,
    ]),
    ...yamlGroup(6, 'spanevent', [`set(${stashKey(STASH.eventName)}, name)`]),
    ...mapOf('spanevent'),
    ...yamlGroup(6, 'spanevent', [
      `set(name, ${stashKey(STASH.eventName)}) where ${stashKey(STASH.eventName)} != nil`,
      `delete_key(attributes, ${textLiteral(STASH.eventName)})`,
    ]),
    END,
  ];
  return lines.join('\n') + '\n';
}

/** The block as it stands in a config text (undefined when the markers are missing). */
function extract(configText) {
  const begin = configText.indexOf(BEGIN);
  const end = configText.indexOf(END, begin);
  if (begin < 0 || end < 0) return undefined;
  return configText.slice(begin, configText.indexOf('\n', end) + 1);
}

function main(argv) {
  const config = readFileSync(CONFIG, 'utf8');
  const current = extract(config);
  if (current === undefined) {
    console.error(`generate-collector-masking: no "${BEGIN.trim()}" … "${END.trim()}" block in ${CONFIG}`);
    return 1;
  }
  const fresh = render();
  if (argv.includes('--check')) {
    if (current === fresh) return 0;
    console.error(`generate-collector-masking: the masking processors in ${CONFIG} are stale; run node scripts/generate-collector-masking.js`);
    return 1;
  }
  if (current !== fresh) writeFileSync(CONFIG, config.replace(current, () => fresh));
  console.log(`${current === fresh ? 'unchanged' : 'written'}: ${CONFIG} (${fresh.split('\n').length - 1} lines)`);
  return 0;
}

module.exports = { render, extract, mapGroups, textSteps, classSteps, keyPrefilter, cardSteps, safeKeys, GATES, CONFIG, BEGIN, END, STASH, FLAG };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
