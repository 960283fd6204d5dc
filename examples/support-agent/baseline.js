// A rule-based router: the no-model baseline for the support agent. It reads the customer's message
// and decides which tool to call with which arguments, the way a model with tools would, so the same
// `tool-call` assertions grade it. It returns { output, toolCalls } with arguments as a JSON string.
const airports = {
  berlin: 'BER',
  lisbon: 'LIS',
  dublin: 'DUB',
  amsterdam: 'AMS',
  london: 'LHR',
  heathrow: 'LHR',
  tokyo: 'NRT',
  madrid: 'MAD',
  'new york': 'JFK',
  hamburg: 'HAM',
  oslo: 'OSL',
  vienna: 'VIE',
  istanbul: 'IST',
  stockholm: 'ARN',
  nice: 'NCE',
  mumbai: 'BOM',
  paris: 'CDG',
};
const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const airportCode = (place) => {
  const name = place.trim().toLowerCase();
  if (/^[a-z]{3}$/.test(name) && !airports[name]) return name.toUpperCase();
  return airports[name] ?? null;
};

const findDate = (text) => {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return iso[1];
  const long = /\b(\d{1,2}) ([A-Za-z]+) (\d{4})\b/.exec(text);
  const month = long ? months.indexOf(long[2].toLowerCase()) + 1 : 0;
  return long && month > 0
    ? `${long[3]}-${String(month).padStart(2, '0')}-${long[1].padStart(2, '0')}`
    : null;
};

/** A 6-character booking reference: letters and at least one digit, in any case. */
const findReference = (text) => {
  const match = text.match(/\b(?=[A-Za-z]*\d)[A-Za-z0-9]{6}\b/);
  return match ? match[0].toUpperCase() : null;
};

const findLastName = (text) => {
  const patterns = [
    /(?:last name|surname|name)(?: is)?:?\s+([A-Za-z'-]+(?: [A-Z][a-z'-]+)*)/i,
    /(?:[Pp]assenger|[Tt]his is|I'm|I am|for)\s+([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)*)/,
    /\/\s*([A-Z][a-z'-]+)/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const words = match[1].split(' ');
    const last = words[words.length - 1];
    return last.charAt(0).toUpperCase() + last.slice(1);
  }
  return null;
};

let nextId = 0;
const call = (name, args) => ({
  output: '',
  toolCalls: [{ id: `call_${++nextId}`, name, arguments: JSON.stringify(args) }],
});

export default async ({ prompt }) => {
  const text = prompt;
  const reference = findReference(text);

  // Cancel only on an explicit request, never when the customer is merely asking about cancelling.
  const asksAboutCancelling = /\b(if|what happens|policy|can i|could i)\b[^.?!]*\bcancel/i.test(text);
  if (reference && /\bcancel\b/i.test(text) && !asksAboutCancelling) {
    return call('cancel_booking', { reference });
  }

  const route =
    /\bfrom ([A-Za-z ]+?) to ([A-Za-z ]+?)(?: on|,|\?|$)/i.exec(text) ??
    /\b([A-Z]{3}) to ([A-Z]{3})\b/.exec(text);
  if (route && /\bflights?\b/i.test(text)) {
    const from = airportCode(route[1]);
    const to = airportCode(route[2]);
    const date = findDate(text);
    if (from && to && date) return call('search_flights', { from, to, date });
  }

  const lastName = findLastName(text);
  if (reference && lastName) return call('lookup_booking', { reference, lastName });

  return {
    output:
      'I can look up your booking if you give me your 6-character booking reference and last name, ' +
      'or search flights if you tell me where from, where to and the date.',
  };
};
