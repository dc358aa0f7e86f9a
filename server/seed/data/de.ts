import { subscriber, type CountryData } from './types.ts';

export const DE: CountryData = {
  code: 'DE',
  currency: 'EUR',
  communities: [
    {
      language: 'de',
      weight: 1,
      firstNames: {
        female: [
          'Anna', 'Laura', 'Julia', 'Lena', 'Sarah', 'Lisa', 'Katharina', 'Johanna', 'Sophie', 'Marie', 'Hannah', 'Lea',
          'Leonie', 'Sabine', 'Petra', 'Monika', 'Andrea', 'Claudia', 'Stefanie', 'Nicole', 'Susanne', 'Birgit', 'Ute',
          'Heike', 'Jutta', 'Renate', 'Ursula', 'Ingrid', 'Anja', 'Kerstin', 'Melanie', 'Franziska', 'Mareike', 'Jana',
          'Nina', 'Carina', 'Svenja', 'Jördis', 'Dörte', 'Emilia',
        ],
        male: [
          'Lukas', 'Jonas', 'Leon', 'Felix', 'Paul', 'Maximilian', 'Tim', 'Jan', 'Niklas', 'Tobias', 'Florian', 'Sebastian',
          'Michael', 'Thomas', 'Andreas', 'Stefan', 'Markus', 'Christian', 'Matthias', 'Frank', 'Jürgen', 'Klaus',
          'Wolfgang', 'Uwe', 'Dieter', 'Peter', 'Ralf', 'Holger', 'Jörg', 'Sven', 'Dirk', 'Björn', 'Moritz', 'Philipp',
          'Fabian', 'Benedikt', 'Timo', 'Kai', 'Günter', 'Hendrik',
        ],
      },
      lastNames: [
        'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer',
        'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
        'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schulze',
        'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Scholz', 'Möller',
        'Weiß', 'Jung', 'Hahn', 'Vogel', 'Keller', 'Günther', 'Groß', 'Jäger', 'Böhm',
      ],
      cities: [
        { name: 'Berlin', weight: 10, postcodes: [10115, 14199], area: '30' },
        { name: 'Hamburg', weight: 7, postcodes: [20095, 22769], area: '40' },
        { name: 'München', weight: 7, postcodes: [80331, 81929], area: '89' },
        { name: 'Köln', weight: 6, postcodes: [50667, 51149], area: '221' },
        { name: 'Frankfurt am Main', weight: 4, postcodes: [60306, 60599], area: '69' },
        { name: 'Stuttgart', weight: 4, postcodes: [70173, 70629], area: '711' },
        { name: 'Düsseldorf', weight: 4, postcodes: [40210, 40629], area: '211' },
        { name: 'Leipzig', weight: 3, postcodes: [4103, 4357], area: '341' },
        { name: 'Dortmund', weight: 3, postcodes: [44135, 44388], area: '231' },
        { name: 'Essen', weight: 3, postcodes: [45127, 45359], area: '201' },
        { name: 'Bremen', weight: 3, postcodes: [28195, 28779], area: '421' },
        { name: 'Dresden', weight: 3, postcodes: [1067, 1328], area: '351' },
        { name: 'Hannover', weight: 3, postcodes: [30159, 30669], area: '511' },
        { name: 'Nürnberg', weight: 3, postcodes: [90402, 90491], area: '911' },
        { name: 'Bonn', weight: 2, postcodes: [53111, 53229], area: '228' },
        { name: 'Münster', weight: 2, postcodes: [48143, 48167], area: '251' },
        { name: 'Freiburg im Breisgau', weight: 2, postcodes: [79098, 79117], area: '761' },
        { name: 'Aachen', weight: 2, postcodes: [52062, 52080], area: '241' },
        { name: 'Karlsruhe', weight: 2, postcodes: [76131, 76229], area: '721' },
        { name: 'Mainz', weight: 1, postcodes: [55116, 55131], area: '6131' },
      ],
      streets: [
        'Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Dorfstraße', 'Bergstraße', 'Birkenweg',
        'Lindenstraße', 'Kirchstraße', 'Waldstraße', 'Ringstraße', 'Schillerstraße', 'Goethestraße', 'Am Markt',
        'Mühlenweg', 'Rosenweg', 'Amselweg', 'Beethovenstraße', 'Mozartstraße', 'Lessingstraße', 'Feldstraße',
        'Kastanienallee', 'Sonnenweg', 'Friedrich-Ebert-Straße',
      ],
      streetLine: (rng, street) => `${street} ${rng.int(1, 140)}${rng.chance(0.08) ? rng.pick(['a', 'b', 'c']) : ''}`,
      companyName: (rng, lastName) =>
        rng.pick([`${lastName} Gartenbau GmbH`, `Gärtnerei ${lastName}`, `${lastName} Wohnideen GmbH`, `Reformhaus ${lastName}`, `${lastName} Garten- und Landschaftsbau`]),
      companyMailboxes: ['einkauf', 'info', 'buchhaltung'],
    },
  ],
  formatPostcode: (_rng, value) => String(value).padStart(5, '0'),
  mobile: (rng) => {
    // 015x and 0176–0179 take eight subscriber digits, 016x and 0170–0175 seven.
    const prefix = rng.pick(['151', '152', '157', '159', '160', '162', '163', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179']);
    const long = prefix.startsWith('15') || prefix >= '176';
    return `+49${prefix}${rng.digits(long ? 8 : 7)}`;
  },
  // Ten-digit national numbers in every city we use.
  landline: (rng, city) => `+49${city.area}${subscriber(rng, 10 - city.area.length)}`,
  emailDomains: [['gmx.example', 24], ['web.example', 22], ['t-online.example', 14], ['gmail.example', 20], ['outlook.example', 6], ['freenet.example', 5], ['posteo.example', 4], ['icloud.example', 5]],
  // DHL Paket: 20 digits starting with the 00340434 range.
  trackingRef: (rng) => `00340434${rng.digits(12)}`,
};
