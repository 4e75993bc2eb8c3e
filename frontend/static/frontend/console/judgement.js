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
  if (provider === "none" || confidence === null || confidence === undefined) return `${S.located_by} ${name}`;
  return `${S.located_by} ${name} (${Math.round(confidence * 100)}%)`;
}
