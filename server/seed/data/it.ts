import { subscriber, type CountryData } from './types.ts';

/** Italian numbers keep the leading 0 of the area code after +39 (+39 02 …). */
export const IT: CountryData = {
  code: 'IT',
  currency: 'EUR',
  communities: [
    {
      language: 'it',
      weight: 1,
      firstNames: {
        female: [
          'Giulia', 'Francesca', 'Chiara', 'Sara', 'Martina', 'Valentina', 'Alessia', 'Federica', 'Elisa', 'Silvia', 'Elena',
          'Laura', 'Paola', 'Roberta', 'Anna', 'Maria', 'Giovanna', 'Rosa', 'Lucia', 'Sofia', 'Aurora', 'Alice',
          'Ginevra', 'Beatrice', 'Camilla', 'Arianna', 'Serena', 'Simona', 'Monica', 'Cristina', 'Daniela', 'Barbara',
          'Claudia', 'Antonella', 'Manuela', 'Ilaria', 'Marta', 'Noemi', 'Carlotta', 'Michela',
        ],
        male: [
          'Marco', 'Luca', 'Alessandro', 'Andrea', 'Matteo', 'Lorenzo', 'Francesco', 'Giuseppe', 'Giovanni', 'Antonio',
          'Davide', 'Simone', 'Federico', 'Riccardo', 'Stefano', 'Paolo', 'Roberto', 'Fabio', 'Massimo', 'Daniele',
          'Gabriele', 'Leonardo', 'Tommaso', 'Pietro', 'Emanuele', 'Michele', 'Nicola', 'Salvatore', 'Vincenzo', 'Claudio',
          'Enrico', 'Giorgio', 'Alberto', 'Filippo', 'Mattia', 'Edoardo', 'Diego', 'Carlo', 'Niccolò', 'Gianluca',
        ],
      },
      lastNames: [
        'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno',
        'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana',
        'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile',
        'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti', 'Parisi', 'Villa',
        'Conte', 'Ferraro', 'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini', 'Messina', 'Sala', 'Cattaneo',
      ],
      cities: [
        { name: 'Milano', weight: 9, postcodes: [20121, 20162], area: '02' },
        { name: 'Roma', weight: 10, postcodes: [118, 199], area: '06' },
        { name: 'Napoli', weight: 6, postcodes: [80121, 80147], area: '081' },
        { name: 'Torino', weight: 5, postcodes: [10121, 10156], area: '011' },
        { name: 'Palermo', weight: 3, postcodes: [90121, 90151], area: '091' },
        { name: 'Genova', weight: 3, postcodes: [16121, 16167], area: '010' },
        { name: 'Bologna', weight: 3, postcodes: [40121, 40141], area: '051' },
        { name: 'Firenze', weight: 3, postcodes: [50121, 50145], area: '055' },
        { name: 'Bari', weight: 2, postcodes: [70121, 70132], area: '080' },
        { name: 'Catania', weight: 2, postcodes: [95121, 95131], area: '095' },
        { name: 'Venezia', weight: 2, postcodes: [30121, 30176], area: '041' },
        { name: 'Verona', weight: 2, postcodes: [37121, 37142], area: '045' },
        { name: 'Padova', weight: 2, postcodes: [35121, 35143], area: '049' },
        { name: 'Trieste', weight: 1, postcodes: [34121, 34151], area: '040' },
        { name: 'Brescia', weight: 2, postcodes: [25121, 25136], area: '030' },
        { name: 'Parma', weight: 1, postcodes: [43121, 43126], area: '0521' },
        { name: 'Bergamo', weight: 2, postcodes: [24121, 24129], area: '035' },
        { name: 'Modena', weight: 1, postcodes: [41121, 41126], area: '059' },
        { name: 'Cagliari', weight: 1, postcodes: [9121, 9134], area: '070' },
        { name: 'Perugia', weight: 1, postcodes: [6121, 6135], area: '075' },
      ],
      streets: [
        'Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Corso Italia', 'Via Dante Alighieri', 'Via Giuseppe Verdi',
        'Via Cavour', 'Piazza della Repubblica', 'Via Vittorio Emanuele II', 'Via Guglielmo Marconi', 'Via XX Settembre',
        'Via Giacomo Matteotti', 'Viale della Libertà', 'Via Milano', 'Via San Francesco', 'Via dei Mille',
        'Corso Vittorio Emanuele', 'Via Alessandro Manzoni', 'Via Giacomo Leopardi', 'Via Nazionale',
      ],
      streetLine: (rng, street) => `${street} ${rng.int(1, 160)}${rng.chance(0.06) ? '/' + rng.pick(['A', 'B']) : ''}`,
      companyName: (rng, lastName) =>
        rng.pick([`Vivai ${lastName} S.r.l.`, `Giardini ${lastName}`, `Farmacia ${lastName}`, `${lastName} Casa S.r.l.`, `Erboristeria ${lastName}`]),
      companyMailboxes: ['acquisti', 'info', 'amministrazione'],
    },
  ],
  formatPostcode: (_rng, value) => String(value).padStart(5, '0'),
  mobile: (rng) =>
    `+39${rng.pick(['320', '324', '327', '328', '329', '331', '333', '334', '335', '338', '339', '340', '342', '345', '346', '347', '348', '349', '351', '366', '368', '370', '377', '380', '388', '389', '391', '392', '393'])}${rng.digits(7)}`,
  // Ten-digit national numbers. Rome's numbers start with 3–5 after 06: 06 698… is the Vatican.
  landline: (rng, city) => `+39${city.area}${subscriber(rng, 10 - city.area.length, '2345')}`,
  emailDomains: [['gmail.example', 34], ['libero.example', 18], ['hotmail.example', 10], ['virgilio.example', 8], ['alice.example', 6], ['tiscali.example', 5], ['yahoo.example', 6], ['outlook.example', 5]],
  // BRT: fifteen digits.
  trackingRef: (rng) => `0${rng.digits(14)}`,
};
