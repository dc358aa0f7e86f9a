import { alnum, subscriber, type CountryData } from './types.ts';

/** Dutch names keep their "tussenvoegsel" in lower case after a first name ("Jan de Vries"). */
export const NL: CountryData = {
  code: 'NL',
  currency: 'EUR',
  communities: [
    {
      language: 'nl',
      weight: 1,
      firstNames: {
        female: [
          'Anouk', 'Sanne', 'Lotte', 'Fleur', 'Emma', 'Julia', 'Sophie', 'Lisa', 'Iris', 'Femke', 'Eva', 'Noor', 'Maud',
          'Lieke', 'Esther', 'Marieke', 'Ingrid', 'Petra', 'Monique', 'Annemiek', 'Wilma', 'Karin', 'Saskia', 'Yvonne',
          'Tessa', 'Roos', 'Isa', 'Fenna', 'Mila', 'Hanneke', 'Nathalie', 'Bianca', 'Linda', 'Mirjam', 'Els', 'Joke',
          'Gerda', 'Astrid', 'Zoë', 'Merel',
        ],
        male: [
          'Daan', 'Sem', 'Lucas', 'Thijs', 'Bram', 'Jesse', 'Ruben', 'Stijn', 'Tim', 'Niels', 'Jeroen', 'Bas', 'Sander',
          'Martijn', 'Maarten', 'Pieter', 'Joost', 'Wouter', 'Koen', 'Gijs', 'Jan', 'Kees', 'Henk', 'Gerrit', 'Willem',
          'Hans', 'Erik', 'Marco', 'Rob', 'Dennis', 'Mark', 'Frank', 'Arjen', 'Rik', 'Teun', 'Luuk', 'Milan', 'Finn',
          'Sjoerd', 'Hidde',
        ],
      },
      lastNames: [
        'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
        'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit',
        'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen',
        'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn', 'van der Heijden', 'Schouten', 'van Beek',
        'Willems', 'van Vliet', 'van de Ven', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'van Dam', 'van der Wal',
        'Prins', 'Blom', 'Huisman', "van 't Hof", 'Postma', 'Kuipers',
      ],
      cities: [
        { name: 'Amsterdam', weight: 10, postcodes: [1011, 1109], area: '20' },
        { name: 'Rotterdam', weight: 7, postcodes: [3011, 3089], area: '10' },
        { name: 'Den Haag', weight: 6, postcodes: [2491, 2599], area: '70' },
        { name: 'Utrecht', weight: 5, postcodes: [3511, 3585], area: '30' },
        { name: 'Eindhoven', weight: 4, postcodes: [5611, 5658], area: '40' },
        { name: 'Groningen', weight: 3, postcodes: [9711, 9747], area: '50' },
        { name: 'Tilburg', weight: 3, postcodes: [5011, 5049], area: '13' },
        { name: 'Almere', weight: 3, postcodes: [1311, 1361], area: '36' },
        { name: 'Breda', weight: 3, postcodes: [4811, 4839], area: '76' },
        { name: 'Nijmegen', weight: 3, postcodes: [6511, 6546], area: '24' },
        { name: 'Haarlem', weight: 3, postcodes: [2011, 2037], area: '23' },
        { name: 'Arnhem', weight: 2, postcodes: [6811, 6846], area: '26' },
        { name: 'Amersfoort', weight: 2, postcodes: [3811, 3829], area: '33' },
        { name: 'Zwolle', weight: 2, postcodes: [8011, 8043], area: '38' },
        { name: 'Leiden', weight: 2, postcodes: [2311, 2334], area: '71' },
        { name: 'Maastricht', weight: 2, postcodes: [6211, 6229], area: '43' },
        { name: 'Enschede', weight: 2, postcodes: [7511, 7548], area: '53' },
        { name: 'Apeldoorn', weight: 2, postcodes: [7311, 7339], area: '55' },
        { name: 'Delft', weight: 1, postcodes: [2611, 2629], area: '15' },
        { name: 'Leeuwarden', weight: 1, postcodes: [8911, 8939], area: '58' },
      ],
      streets: [
        'Kerkstraat', 'Dorpsstraat', 'Hoofdstraat', 'Stationsweg', 'Molenweg', 'Schoolstraat', 'Julianastraat',
        'Beatrixlaan', 'Wilhelminastraat', 'Nieuwstraat', 'Lindenlaan', 'Eikenlaan', 'Emmastraat', 'Oranjestraat',
        'Parkweg', 'Tulpstraat', 'Rozenstraat', 'Sportlaan', 'Vondelstraat', 'Jan Steenstraat', 'Rembrandtlaan',
        'Kastanjelaan', 'Prinses Irenestraat', 'Burgemeester Visserstraat',
      ],
      streetLine: (rng, street) => {
        const number = rng.int(1, 180);
        const suffix = rng.chance(0.12) ? rng.pick(['A', 'B', '-1', '-2', ' bis']) : '';
        return `${street} ${number}${suffix}`;
      },
      companyName: (rng, lastName) => {
        // A leading "de"/"van" is capitalised when no first name precedes it.
        const name = lastName.charAt(0).toUpperCase() + lastName.slice(1);
        return rng.pick([`Tuincentrum ${name}`, `Hoveniersbedrijf ${name}`, `${name} Interieur B.V.`, `Drogisterij ${name}`, `${name} Groen B.V.`]);
      },
      companyMailboxes: ['inkoop', 'info', 'administratie'],
    },
  ],
  formatPostcode: (rng, value) => {
    // Letter pairs SA, SD and SS are not issued in the Netherlands.
    let letters = '';
    do letters = alnum(rng, 2, 'ABCDEGHJKLMNPRSTVWXZ');
    while (letters === 'SA' || letters === 'SD' || letters === 'SS');
    return `${value} ${letters}`;
  },
  mobile: (rng) => `+316${rng.int(1, 5)}${rng.digits(7)}`,
  landline: (rng, city) => `+31${city.area}${subscriber(rng, 9 - city.area.length)}`,
  emailDomains: [['gmail.example', 30], ['hotmail.example', 18], ['outlook.example', 12], ['ziggo.example', 12], ['kpnmail.example', 10], ['live.example', 6], ['xs4all.example', 4], ['icloud.example', 8]],
  trackingRef: (rng) => `3S${alnum(rng, 4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${rng.digits(9)}`,
};
