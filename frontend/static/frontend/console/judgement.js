// The urgency engine's reasons in the operator's language. The engine writes
// them as English text that other tools read ("keyword 'kebakaran' -> fire",
// "score 92 -> P1"); here each known shape is read back into its parts and said
// with the page's template (S.judgement). A reason of no known shape is shown as
// it came rather than hidden. The caller's words only ever enter as text.

import { fill } from "../places.js";

const Q = "'(.+?)'";
const PATTERNS = [
  [new RegExp(`^keyword ${Q} -> ([a-z_]+)$`), "keyword", (m) => ({ words: m[1], category: m[2] })],
  [/^topic '(.+?)' \(base (\d+)\)$/, "topic", (m) => ({ name: m[1], n: m[2] })],
  [/^channel ([a-z_]+) \(\+(\d+)\)$/, "channel", (m) => ({ channel: m[1], n: m[2] })],
  [/^score (\d+) -> (P[1-4])$/, "score", (m) => ({ n: m[1], priority: m[2] })],
  [new RegExp(`^fast track: (.+?) with (.+?) \\(${Q}\\)$`), "fast_with", (m) => ({ name: m[1], label: m[2], words: m[3] })],
  [new RegExp(`^fast track: (.+?) \\(topic ${Q}\\)$`), "fast_topic", (m) => ({ label: m[1], name: m[2] })],
  [new RegExp(`^fast track: (.+?) \\(${Q}\\)$`), "fast_signal", (m) => ({ label: m[1], words: m[2] })],
  [new RegExp(`^negated: ${Q} \\(no (.+)\\)$`), "negated", (m) => ({ words: m[1], label: m[2] })],
  [new RegExp(`^de-escalated: ${Q} \\((.+), (-?\\d+)\\)$`), "deescalated", (m) => ({ words: m[1], label: m[2], n: m[3] })],
  [new RegExp(`^(.+?): ${Q} -> ([a-z_]+)$`), "becomes", (m) => ({ label: m[1], words: m[2], category: m[3] })],
  [new RegExp(`^(.+?): ${Q} \\(\\+(\\d+)\\)$`), "signal", (m) => ({ label: m[1], words: m[2], n: m[3] })],
  [/^support ([a-z_]+): also ([a-z_]+) \((.+)\)$/, "support_also", (m) => ({ agency: m[1], category: m[2], name: m[3] })],
  [new RegExp(`^support ([a-z_]+): [a-z_]+ \\(${Q}\\)$`), "support_signal", (m) => ({ agency: m[1], words: m[2] })],
  [/^empty text$/, "empty", () => ({})],
  [/^no readable words/, "unreadable", () => ({})],
  [/^no words \(emoji/, "symbols", () => ({})],
  [/^greeting or test message only$/, "greeting", () => ({})],
  [/^mostly unrecognized words/, "noise", () => ({})],
];

// The duplicate matcher's reasons (priority.same_event), joined by "; " in a
// candidate's or an attach event's reason: each part read back by its shape and
// said with S.same_event. A kind is a category code or a topic's name.
const KIND = "([a-z_ ,'-]+?)";
const SPAN = "(\\d+ (?:min|h|d))";
const SAME_EVENT = [
  [new RegExp(`^same kind: ${KIND}$`), "same_kind", (m) => ({ a: m[1] })],
  [new RegExp(`^${KIND} ~ ${KIND}: electrocuted by the line$`), "electrocuted", (m) => ({ a: m[1], b: m[2] })],
  [new RegExp(`^${KIND} ~ ${KIND}: a short circuit that smokes$`), "smoking_short", (m) => ({ a: m[1], b: m[2] })],
  [new RegExp(`^${KIND} ~ ${KIND}: both speak of both$`), "both_speak", (m) => ({ a: m[1], b: m[2] })],
  [new RegExp(`^${KIND} ~ ${KIND}, named in both$`), "related_named", (m) => ({ a: m[1], b: m[2] })],
  [new RegExp(`^${KIND} ~ ${KIND}, a complaint made again$`), "related_again", (m) => ({ a: m[1], b: m[2] })],
  [new RegExp(`^${KIND} ~ ${KIND}$`), "related", (m) => ({ a: m[1], b: m[2] })],
  [/^as the rules read them$/, "as_the_rules_read", () => ({})],
  [/^different kinds: (.+), (?:not named in both|neither named in the other)$/, "different_unnamed", (m) => ({ pair: m[1] })],
  [/^different kinds: (.+)$/, "different", (m) => ({ pair: m[1] })],
  [new RegExp(`^too long after: ${SPAN} > ${SPAN}$`), "too_long", (m) => ({ span: m[1], limit: m[2] })],
  [/^(\d+) m apart \(of (\d+) m\)$/, "apart_m", (m) => ({ m: m[1], reach: m[2] })],
  [/^(\d+) m apart, just beyond (\d+) m$/, "just_beyond", (m) => ({ m: m[1], reach: m[2] })],
  [/^too far: (\d+) m > (\d+) m$/, "too_far", (m) => ({ m: m[1], reach: m[2] })],
  [/^the same place, (.+)$/, "same_place", (m) => ({ place: m[1] })],
  [/^the same place named: (.+)$/, "same_name", (m) => ({ place: m[1] })],
  [/^the same words in both: (.+)$/, "same_words", (m) => ({ place: m[1] })],
  [/^each names another street$/, "other_streets", () => ({})],
  [/^the patient's caller says no one hit them: not the crash$/, "no_crash", () => ({})],
  [/^in the village named, (.+)$/, "in_named_village", (m) => ({ place: m[1] })],
  [/^placed by words only$/, "words_only", () => ({})],
  [/^called back from elsewhere$/, "called_back", () => ({})],
  [/^the earlier caller, calling again from elsewhere in the area$/, "earlier_caller", () => ({})],
  [/^in pursuit: the caller follows the culprit elsewhere in the area$/, "chase", () => ({})],
  [/^one birth, on its way to care: the mother is being brought$/, "on_its_way", () => ({})],
  [/^seen from far: (\d+) m apart, one area/, "seen_from_far", (m) => ({ m: m[1] })],
  [/^felt across the whole area$/, "wide", () => ({})],
  [/^one of them says nothing of where: one search$/, "nowhere", () => ({})],
  [/^one of them says nothing of where, minutes apart, in alike words$/, "nowhere_soon", () => ({})],
  [/^one of them says nothing of where, minutes apart, of the same kind$/, "nowhere_kind", () => ({})],
  [/^shown, not merged: the place is not known$/, "not_merged", () => ({})],
  [/^merged: the only open incident of its kind, confirm the place with the caller$/, "lone", () => ({})],
  [/^a collapse or a victim its callers never spoke of: a rescue of its own$/, "new_victim", () => ({})],
  [/^what the event left behind, of another kind: a job of its own$/, "left_behind", () => ({})],
  [/^a theft during the event: a job of its own for the police$/, "looted", () => ({})],
  [/^a responder hurt at the scene: a patient of their own, linked to the incident$/, "responder_hurt", () => ({})],
  [/^a patient of the caller's own, stuck in the jam behind the crash$/, "in_the_jam", () => ({})],
  [/^it happened again, hours later: a new event$/, "again", () => ({})],
  [/^no place in common$/, "no_place", () => ({})],
  [/^a question about another place$/, "asks_elsewhere", () => ({})],
  [new RegExp(`^one person's emergency each\\? ${SPAN} apart, words (\\d\\.\\d+)$`), "one_person", (m) => ({ span: m[1], n: m[2] })],
  [new RegExp(`^${SPAN} apart$`), "time_apart", (m) => ({ span: m[1] })],
  [/^words (\d\.\d+)$/, "words", (m) => ({ n: m[1] })],
  [/^another person: the caller says there is one more$/, "another_person", () => ({})],
  [/^another person: the callers describe different people$/, "other_person", () => ({})],
  [/^another crash: the callers describe different vehicles$/, "other_crash", () => ({})],
  [/^another theft: the callers say different things were taken$/, "other_theft", () => ({})],
  [/^the caller says it is another event$/, "new_event", () => ({})],
  [/^the caller reported before and now names something else$/, "names_other", () => ({})],
];
const SPAN_UNITS = { min: "span_min", h: "span_h", d: "span_d" };

function spanText(span, templates) {
  const [n, unit] = span.split(" ");
  return templates[SPAN_UNITS[unit]] ? fill(templates[SPAN_UNITS[unit]], { n }) : span;
}

function kindText(kind, S, labels) {
  return labels.category[kind] || ruleWords(kind, S);
}

// "street lights and traffic signals and roads": two kinds, some with "and" in
// their names; the split where both are known kinds, else at the first "and".
function twoKinds(pair, S, labels) {
  const parts = pair.split(" and ");
  for (let i = 1; i < parts.length; i += 1) {
    const a = parts.slice(0, i).join(" and ");
    const b = parts.slice(i).join(" and ");
    if (kindText(a, S, labels) !== a && kindText(b, S, labels) !== b) return { a, b };
  }
  return { a: parts[0], b: parts.slice(1).join(" and ") };
}

function sameEventPart(part, S, labels) {
  const templates = S.same_event || {};
  for (const [pattern, key, parts] of SAME_EVENT) {
    const match = pattern.exec(part);
    if (!match || !templates[key]) continue;
    const params = parts(match);
    if (params.pair) Object.assign(params, twoKinds(params.pair, S, labels));
    for (const name of ["a", "b"]) if (params[name]) params[name] = kindText(params[name], S, labels);
    for (const name of ["span", "limit"]) if (params[name]) params[name] = spanText(params[name], templates);
    return fill(templates[key], params);
  }
  return part;
}

// "same kind: fallen tree; 119 m apart (of 2000 m); 34 min apart; words 0.12" in
// the operator's language, part by part; a part of no known shape stays as it came.
export function sameEventText(reason, S, labels) {
  return String(reason)
    .split("; ")
    .map((part) => sameEventPart(part, S, labels))
    .join("; ");
}

// The rules' own words ("life threat: trapped", a topic's name) in the page's
// language; one the catalogue does not have yet stays as the rules say it.
function ruleWords(text, S) {
  return (S.judgement_words || {})[text] || text;
}

export function judgementText(reason, S, labels) {
  const templates = S.judgement || {};
  for (const [pattern, key, parts] of PATTERNS) {
    const match = pattern.exec(reason);
    if (!match || !templates[key]) continue;
    const params = parts(match);
    if (params.category) params.category = labels.category[params.category] || params.category;
    if (params.agency) params.agency = labels.agency_kind[params.agency] || params.agency;
    if (params.channel) params.channel = labels.channel[params.channel] || params.channel;
    if (params.priority) params.priority = labels.priority[params.priority] || params.priority;
    if (params.label) params.label = ruleWords(params.label, S);
    if (params.name) params.name = ruleWords(params.name, S);
    return fill(templates[key], params);
  }
  return reason;
}

// "Lokasi dari perangkat penelepon (95%)": who placed a report, in words.
export function providerText(provider, confidence, S) {
  const name = (S.providers || {})[provider] || provider;
  // "Located by: not found" says nothing; no provider placed it.
  if (provider === "none") return S.located_nowhere;
  if (confidence === null || confidence === undefined) return `${S.located_by} ${name}`;
  return `${S.located_by} ${name} (${Math.round(confidence * 100)}%)`;
}
