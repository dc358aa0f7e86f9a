import { subscriber, type CountryData, type Gender } from './types.ts';

/** Adjectival Polish surnames take a feminine ending: Kowalski → Kowalska, Zawadzki → Zawadzka. */
export function polishLastName(lastName: string, gender: Gender): string {
  if (gender === 'male') return lastName;
  if (/(ski|cki|dzki)$/.test(lastName)) return `${lastName.slice(0, -1)}a`;
  return lastName;
}

export const PL: CountryData = {
  code: 'PL',
  currency: 'PLN',
  communities: [
    {
      language: 'pl',
      weight: 1,
      lastNameFor: polishLastName,
      firstNames: {
        female: [
          'Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Zofia',
          'Joanna', 'Magdalena', 'Monika', 'Aleksandra', 'Natalia', 'Karolina', 'Justyna', 'Paulina', 'Marta', 'Beata',
          'Dorota', 'Iwona', 'Grażyna', 'Jolanta', 'Teresa', 'Halina', 'Renata', 'Patrycja', 'Weronika', 'Julia', 'Zuzanna',
          'Oliwia', 'Maja', 'Hanna', 'Alicja', 'Wiktoria', 'Kinga', 'Izabela', 'Sylwia', 'Bożena',
        ],
        male: [
          'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Jan', 'Michał', 'Marcin', 'Stanisław', 'Jakub', 'Adam',
          'Marek', 'Łukasz', 'Grzegorz', 'Mateusz', 'Wojciech', 'Mariusz', 'Dariusz', 'Zbigniew', 'Jerzy', 'Maciej',
          'Rafał', 'Kamil', 'Robert', 'Kacper', 'Bartosz', 'Szymon', 'Filip', 'Dawid', 'Sebastian', 'Przemysław', 'Damian',
          'Artur', 'Jacek', 'Karol', 'Wiktor', 'Antoni', 'Ryszard', 'Józef', 'Zdzisław',
        ],
      },
      // Masculine forms; `polishLastName` makes the feminine ones.
      lastNames: [
        'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański',
        'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Wojciechowski', 'Kwiatkowski', 'Krawczyk',
        'Kaczmarek', 'Piotrowski', 'Grabowski', 'Zając', 'Pawłowski', 'Michalski', 'Król', 'Wieczorek', 'Jabłoński',
        'Wróbel', 'Nowakowski', 'Majewski', 'Olszewski', 'Stępień', 'Malinowski', 'Jaworski', 'Adamczyk', 'Dudek',
        'Nowicki', 'Pawlak', 'Górski', 'Witkowski', 'Walczak', 'Sikora', 'Baran', 'Rutkowski', 'Michalak', 'Szewczyk',
        'Ostrowski', 'Zawadzki', 'Czarnecki', 'Sokołowski', 'Włodarczyk', 'Bąk', 'Głowacki',
      ],
      cities: [
        { name: 'Warszawa', weight: 10, postcodes: [1, 4999], area: '22' },
        { name: 'Kraków', weight: 7, postcodes: [30001, 31999], area: '12' },
        { name: 'Łódź', weight: 5, postcodes: [90001, 94999], area: '42' },
        { name: 'Wrocław', weight: 5, postcodes: [50001, 54999], area: '71' },
        { name: 'Poznań', weight: 4, postcodes: [60001, 61999], area: '61' },
        { name: 'Gdańsk', weight: 4, postcodes: [80001, 80999], area: '58' },
        { name: 'Szczecin', weight: 3, postcodes: [70001, 71999], area: '91' },
        { name: 'Bydgoszcz', weight: 2, postcodes: [85001, 85999], area: '52' },
        { name: 'Lublin', weight: 2, postcodes: [20001, 20999], area: '81' },
        { name: 'Białystok', weight: 2, postcodes: [15001, 15999], area: '85' },
        { name: 'Katowice', weight: 3, postcodes: [40001, 40999], area: '32' },
        { name: 'Gdynia', weight: 2, postcodes: [81001, 81999], area: '58' },
        { name: 'Częstochowa', weight: 1, postcodes: [42200, 42299], area: '34' },
        { name: 'Radom', weight: 1, postcodes: [26600, 26699], area: '48' },
        { name: 'Rzeszów', weight: 2, postcodes: [35001, 35999], area: '17' },
        { name: 'Toruń', weight: 2, postcodes: [87100, 87199], area: '56' },
        { name: 'Kielce', weight: 1, postcodes: [25001, 25999], area: '41' },
        { name: 'Gliwice', weight: 1, postcodes: [44100, 44199], area: '32' },
        { name: 'Olsztyn', weight: 1, postcodes: [10001, 10999], area: '89' },
        { name: 'Opole', weight: 1, postcodes: [45001, 45999], area: '77' },
      ],
      streets: [
        'Długa', 'Krótka', 'Polna', 'Leśna', 'Słoneczna', 'Kwiatowa', 'Szkolna', 'Ogrodowa', 'Lipowa', 'Mickiewicza',
        'Kościuszki', 'Sienkiewicza', 'Piłsudskiego', 'Słowackiego', 'Kopernika', 'Jana Pawła II', '3 Maja', 'Kolejowa',
        'Wiśniowa', 'Grunwaldzka', 'Żeromskiego', 'Chopina',
      ],
      streetLine: (rng, street) => `ul. ${street} ${rng.int(1, 120)}${rng.chance(0.55) ? `/${rng.int(1, 60)}` : ''}`,
      companyName: (rng, lastName) =>
        rng.pick([`Ogrody ${lastName} Sp. z o.o.`, `Szkółka Roślin ${lastName}`, `${lastName} Dom i Ogród Sp. z o.o.`, `Zielarnia ${lastName}`, `PHU ${lastName}`]),
      companyMailboxes: ['zamowienia', 'biuro', 'ksiegowosc'],
    },
  ],
  formatPostcode: (_rng, value) => {
    const digits = String(value).padStart(5, '0');
    return `${digits.slice(0, 2)}-${digits.slice(2)}`;
  },
  mobile: (rng) => `+48${rng.pick(['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'])}${rng.digits(7)}`,
  landline: (rng, city) => `+48${city.area}${subscriber(rng, 9 - city.area.length, '23456')}`,
  emailDomains: [['wp.example', 20], ['onet.example', 18], ['gmail.example', 30], ['interia.example', 12], ['o2.example', 10], ['op.example', 5], ['outlook.example', 5]],
  // InPost: 24 digits.
  trackingRef: (rng) => `6${rng.digits(23)}`,
};
