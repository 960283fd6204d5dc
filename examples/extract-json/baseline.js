// A regular-expression extractor: the no-model baseline for booking-confirmation emails.
// It finds each field with a handful of patterns and prints the JSON object the prompt asks for.
// Fields it cannot find come out as null, which the suite's json-schema check reports.
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
const pad = (number) => String(number).padStart(2, '0');
const isoDate = (year, month, day) => `${year}-${pad(month)}-${pad(day)}`;
const monthNumber = (name) => months.indexOf(name.toLowerCase()) + 1;

const findRef = (email) => {
  const match =
    /(?:booking reference|booking ref|confirmation code|record locator|booking|ref\.?)\s*[:#]?\s*\(?([A-Z0-9]{6})\b/i.exec(
      email,
    );
  return match ? match[1].toUpperCase() : null;
};

const findFlight = (email) => {
  const match = /\bNW\s?(\d{1,4})\b/.exec(email);
  return match ? `NW${match[1]}` : null;
};

const findDate = (email) => {
  let match = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(email);
  if (match) return isoDate(match[1], match[2], match[3]);
  match =
    /\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b/i.exec(
      email,
    );
  if (match) return isoDate(match[3], monthNumber(match[2]), match[1]);
  match =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b/i.exec(
      email,
    );
  if (match) return isoDate(match[3], monthNumber(match[1]), match[2]);
  match = /\b(\d{2})\/(\d{2})\/(\d{4})\b/.exec(email); // European day/month/year
  if (match) return isoDate(match[3], match[2], match[1]);
  return null;
};

const findPassenger = (email) => {
  const patterns = [
    /Passenger:\s*([^\n]+)/,
    /(?:Dear|Hello|Hi)\s+(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+)?([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)/,
    /Thank you, ([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)/,
    /confirmed for ([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)/,
    /Name:\s*([^\n]+)/, // e-ticket style "LAST/FIRST MR", returned as written
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(email);
    if (match) return match[1].trim();
  }
  return null;
};

const findSeats = (email) => {
  const at = email.search(/\bseats?\b/i);
  if (at < 0) return [];
  return [...email.slice(at).matchAll(/\b(\d{1,2}[A-K])\b/g)].map((match) => match[1]);
};

export default async ({ vars, prompt }) => {
  const email = typeof vars.email === 'string' ? vars.email : prompt;
  const extracted = {
    passenger: findPassenger(email),
    bookingRef: findRef(email),
    flight: findFlight(email),
    date: findDate(email),
    seats: findSeats(email),
  };
  return { output: JSON.stringify(extracted) };
};
