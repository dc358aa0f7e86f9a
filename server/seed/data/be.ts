import { subscriber, type CountryData } from './types.ts';

/**
 * Belgium: Flemish (nl) and francophone (fr) customers, each with their own names, towns and
 * street names. Belgian particles are capitalised ("De Smet", "Van Damme").
 */
export const BE: CountryData = {
  code: 'BE',
  currency: 'EUR',
  communities: [
    {
      language: 'nl',
      weight: 0.6,
      firstNames: {
        female: [
          'Lotte', 'Marie', 'Elise', 'Julie', 'Hanne', 'Lien', 'Sofie', 'Charlotte', 'Emma', 'Louise', 'Febe', 'Nele', 'Ine',
          'An', 'Katrien', 'Griet', 'Veerle', 'Leen', 'Sarah', 'Evi', 'Jolien', 'Margot', 'Lore', 'Liesbeth', 'Mieke',
          'Hilde', 'Kaat', 'Silke', 'Ann', 'Caro', 'Elke', 'Inge', 'Marleen', 'Lieve', 'Tine', 'Nina', 'Ellen', 'Astrid',
          'Fien', 'Noor',
        ],
        male: [
          'Lars', 'Wout', 'Arne', 'Jens', 'Pieter', 'Thomas', 'Stijn', 'Koen', 'Bart', 'Tom', 'Jef', 'Wim', 'Dirk', 'Luc',
          'Geert', 'Kristof', 'Bert', 'Jonas', 'Seppe', 'Warre', 'Lowie', 'Matthias', 'Tibo', 'Ruben', 'Sander', 'Glenn',
          'Joris', 'Filip', 'Steven', 'Nico', 'Jan', 'Peter', 'Dries', 'Jelle', 'Robbe', 'Wannes', 'Bram', 'Stef',
          'Hannes', 'Toon',
        ],
      },
      lastNames: [
        'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
        'Vermeulen', 'Van Damme', 'Hermans', 'Michiels', 'Desmet', 'De Clercq', 'Aerts', 'Verstraete', 'Van den Broeck',
        'Lambrechts', 'Pauwels', 'Vandenberghe', 'De Backer', 'Martens', 'Claeys', 'Cools', 'Van de Velde', 'Segers',
        'Smets', 'Van Hoof', 'De Vos', 'Wuyts', 'Coppens', 'Stevens', 'Bogaerts', 'Verbruggen', 'Van Acker', 'De Wilde',
        'Geerts', 'Vervoort', 'Van Dyck', 'Hendrickx', 'Thys', 'Dewulf', 'Baert', 'Verhaegen', 'Van Hecke', 'De Meyer',
      ],
      cities: [
        { name: 'Antwerpen', weight: 10, postcodes: [2000, 2060], area: '3' },
        { name: 'Gent', weight: 8, postcodes: [9000, 9052], area: '9' },
        { name: 'Brugge', weight: 4, postcodes: [8000, 8200], area: '50' },
        { name: 'Leuven', weight: 4, postcodes: [3000, 3012], area: '16' },
        { name: 'Mechelen', weight: 3, postcodes: [2800, 2812], area: '15' },
        { name: 'Hasselt', weight: 3, postcodes: [3500, 3512], area: '11' },
        { name: 'Aalst', weight: 2, postcodes: [9300, 9320], area: '53' },
        { name: 'Kortrijk', weight: 2, postcodes: [8500, 8511], area: '56' },
        { name: 'Sint-Niklaas', weight: 2, postcodes: [9100, 9112], area: '3' },
        { name: 'Genk', weight: 2, postcodes: [3600, 3600], area: '89' },
        { name: 'Oostende', weight: 2, postcodes: [8400, 8400], area: '59' },
        { name: 'Roeselare', weight: 1, postcodes: [8800, 8800], area: '51' },
        { name: 'Turnhout', weight: 1, postcodes: [2300, 2300], area: '14' },
      ],
      streets: [
        'Kerkstraat', 'Stationsstraat', 'Dorpsstraat', 'Molenstraat', 'Nieuwstraat', 'Kapelstraat', 'Schoolstraat',
        'Veldstraat', 'Kasteelstraat', 'Beekstraat', 'Brugstraat', 'Lange Leemstraat', 'Koningin Astridlaan',
        'Leopoldlaan', 'Hoogstraat', 'Vrijheidstraat', 'Bosstraat', 'Gentsesteenweg', 'Kortrijksesteenweg', 'Meir',
      ],
      streetLine: (rng, street) => `${street} ${rng.int(1, 220)}${rng.chance(0.1) ? ` bus ${rng.int(1, 12)}` : ''}`,
      companyName: (rng, lastName) =>
        rng.pick([`Tuinaanleg ${lastName} BV`, `${lastName} & Zonen`, `Apotheek ${lastName}`, `Tuincentrum ${lastName}`, `${lastName} Wonen BV`]),
      companyMailboxes: ['aankoop', 'info', 'boekhouding'],
    },
    {
      language: 'fr',
      weight: 0.4,
      firstNames: {
        female: [
          'Marie', 'Camille', 'Julie', 'Manon', 'Chloé', 'Léa', 'Sophie', 'Émilie', 'Laura', 'Pauline', 'Charlotte',
          'Élodie', 'Aurélie', 'Céline', 'Nathalie', 'Isabelle', 'Anne', 'Catherine', 'Valérie', 'Sandrine', 'Justine',
          'Clara', 'Louise', 'Margaux', 'Noémie', 'Amandine', 'Florence', 'Martine', 'Véronique', 'Mélanie', 'Caroline',
          'Alice', 'Delphine', 'Sarah', 'Elise', 'Lucie', 'Virginie', 'Anaïs', 'Gaëlle', 'Fabienne',
        ],
        male: [
          'Thomas', 'Nicolas', 'Julien', 'Maxime', 'Antoine', 'Benoît', 'Olivier', 'Laurent', 'Philippe', 'Pierre', 'Jean',
          'Luc', 'Michel', 'François', 'Guillaume', 'Arnaud', 'Sébastien', 'Damien', 'Cédric', 'Quentin', 'Hugo', 'Louis',
          'Mathieu', 'Jérôme', 'Grégory', 'Xavier', 'Frédéric', 'Christophe', 'Didier', 'Thibault', 'Jean-Marc', 'Alain',
          'Bernard', 'Vincent', 'Simon', 'Romain', 'Adrien', 'Martin', 'Gilles', 'Denis',
        ],
      },
      lastNames: [
        'Dubois', 'Lambert', 'Dupont', 'Martin', 'Leclercq', 'Simon', 'Laurent', 'Lejeune', 'Renard', 'Dumont', 'Leroy',
        'Legrand', 'François', 'Mathieu', 'Gilles', 'Denis', 'Collard', 'Lemaire', 'Servais', 'Henry', 'Fontaine',
        'Jacquet', 'Goffin', 'Noël', 'Rémy', 'Pirson', 'Hubert', 'Delvaux', 'Thiry', 'Wilmotte', 'Gérard', 'Marchal',
        'Charlier', 'Lecomte', 'Bodart', 'Dethier', 'Léonard', 'Masson', 'Deprez', 'Piette', 'Lhoest', 'Dujardin',
        'Lefèvre', 'Mercier', 'Baudoux', 'Gillet', 'Dessy', 'Hardy',
      ],
      cities: [
        { name: 'Bruxelles', weight: 10, postcodes: [1000, 1210], area: '2' },
        { name: 'Liège', weight: 6, postcodes: [4000, 4032], area: '4' },
        { name: 'Charleroi', weight: 5, postcodes: [6000, 6061], area: '71' },
        { name: 'Namur', weight: 4, postcodes: [5000, 5101], area: '81' },
        { name: 'Mons', weight: 3, postcodes: [7000, 7034], area: '65' },
        { name: 'Tournai', weight: 2, postcodes: [7500, 7548], area: '69' },
        { name: 'Wavre', weight: 2, postcodes: [1300, 1301], area: '10' },
        { name: 'Louvain-la-Neuve', weight: 1, postcodes: [1348, 1348], area: '10' },
        { name: 'Verviers', weight: 2, postcodes: [4800, 4802], area: '87' },
        { name: 'Arlon', weight: 1, postcodes: [6700, 6700], area: '63' },
      ],
      streets: [
        'Rue de la Station', "Rue de l'Église", 'Rue du Moulin', 'Chaussée de Louvain', 'Avenue Louise', 'Rue Haute',
        'Rue Neuve', 'Rue des Écoles', 'Rue du Centre', 'Avenue de la Gare', 'Rue de Namur', 'Rue Saint-Gilles',
        "Boulevard d'Avroy", 'Rue Royale', 'Rue du Marché', 'Chaussée de Charleroi', 'Rue des Champs', 'Rue de Bruxelles',
        'Avenue des Tilleuls', 'Rue de Fer',
      ],
      streetLine: (rng, street) => `${street} ${rng.int(1, 260)}${rng.chance(0.1) ? ` bte ${rng.int(1, 12)}` : ''}`,
      companyName: (rng, lastName) =>
        rng.pick([`Jardins ${lastName} SRL`, `Pharmacie ${lastName}`, `${lastName} & Fils`, `Pépinières ${lastName}`, `Maison ${lastName} SRL`]),
      companyMailboxes: ['achats', 'info', 'comptabilite'],
    },
  ],
  formatPostcode: (_rng, value) => String(value),
  mobile: (rng) => `+324${rng.int(7, 9)}${rng.digits(7)}`,
  // 8-digit national numbers; a one-digit area (Brussels 2, Antwerp 3, Liège 4, Ghent 9) takes
  // 7 more digits. Liège numbers start with 2 or 3 after the area (04 2xx…, 04 3xx…), and the
  // others the same, so no number collides with the 04x mobile ranges.
  landline: (rng, city) => `+32${city.area}${subscriber(rng, 8 - city.area.length, city.area.length === 1 ? '23' : '2345678')}`,
  emailDomains: [['gmail.example', 30], ['telenet.example', 18], ['skynet.example', 10], ['proximus.example', 8], ['hotmail.example', 14], ['outlook.example', 10], ['icloud.example', 5], ['yahoo.example', 5]],
  trackingRef: (rng) => `32${rng.digits(22)}`,
};
