import { subscriber, type CountryData } from './types.ts';

export const FR: CountryData = {
  code: 'FR',
  currency: 'EUR',
  communities: [
    {
      language: 'fr',
      weight: 1,
      firstNames: {
        female: [
          'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Julie', 'Marie', 'Laura', 'Pauline', 'Élise',
          'Juliette', 'Louise', 'Clémence', 'Mathilde', 'Anaïs', 'Océane', 'Céline', 'Nathalie', 'Isabelle', 'Sylvie',
          'Catherine', 'Sandrine', 'Valérie', 'Christine', 'Véronique', 'Stéphanie', 'Aurélie', 'Sophie', 'Émilie',
          'Hélène', 'Agnès', 'Brigitte', 'Françoise', 'Margaux', 'Lucie', 'Zoé', 'Maëlle', 'Solène',
        ],
        male: [
          'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Théo', 'Nathan', 'Thomas', 'Nicolas', 'Julien', 'Maxime',
          'Alexandre', 'Antoine', 'Guillaume', 'Romain', 'Kévin', 'Sébastien', 'Christophe', 'Stéphane', 'Laurent',
          'Philippe', 'Pierre', 'Jean-Pierre', 'Jean-Luc', 'Michel', 'Alain', 'Patrick', 'Éric', 'François', 'Olivier',
          'Vincent', 'Benoît', 'Mathieu', 'Jérôme', 'Clément', 'Baptiste', 'Quentin', 'Loïc', 'Gaëtan',
        ],
      },
      lastNames: [
        'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon',
        'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont',
        'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc',
        'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'Legrand', 'Gauthier', 'Perrin', 'Robin', 'Clément', 'Morin',
        'Henry', 'Roussel', 'Mathieu', 'Masson', 'Marchand', 'Duval', 'Le Gall', 'Le Goff', 'Prévost', 'Ménard',
        'Barthélemy', 'Lemaître',
      ],
      cities: [
        { name: 'Paris', weight: 10, postcodes: [75001, 75020], area: '14' },
        { name: 'Lyon', weight: 6, postcodes: [69001, 69009], area: '472' },
        { name: 'Marseille', weight: 6, postcodes: [13001, 13016], area: '491' },
        { name: 'Toulouse', weight: 4, postcodes: [31000, 31500, 100], area: '561' },
        { name: 'Nice', weight: 3, postcodes: [6000, 6300, 100], area: '493' },
        { name: 'Nantes', weight: 3, postcodes: [44000, 44300, 100], area: '240' },
        { name: 'Strasbourg', weight: 3, postcodes: [67000, 67200, 100], area: '388' },
        { name: 'Montpellier', weight: 3, postcodes: [34000, 34090, 10], area: '467' },
        { name: 'Bordeaux', weight: 3, postcodes: [33000, 33800, 100], area: '556' },
        { name: 'Lille', weight: 3, postcodes: [59000, 59800, 100], area: '320' },
        { name: 'Rennes', weight: 2, postcodes: [35000, 35700, 100], area: '299' },
        { name: 'Reims', weight: 2, postcodes: [51100, 51100], area: '326' },
        { name: 'Grenoble', weight: 2, postcodes: [38000, 38100, 100], area: '476' },
        { name: 'Dijon', weight: 2, postcodes: [21000, 21000], area: '380' },
        { name: 'Angers', weight: 2, postcodes: [49000, 49100, 100], area: '241' },
        { name: 'Tours', weight: 2, postcodes: [37000, 37200, 100], area: '247' },
        { name: 'Clermont-Ferrand', weight: 2, postcodes: [63000, 63100, 100], area: '473' },
        { name: 'Annecy', weight: 1, postcodes: [74000, 74000], area: '450' },
        { name: 'Saint-Étienne', weight: 2, postcodes: [42000, 42100, 100], area: '477' },
        { name: 'Villeurbanne', weight: 2, postcodes: [69100, 69100], area: '478' },
      ],
      streets: [
        'rue de la République', 'rue Victor Hugo', 'avenue Jean Jaurès', 'rue Pasteur', 'place de la Mairie',
        "rue de l'Église", 'boulevard Gambetta', 'rue du Général de Gaulle', 'avenue de la Libération', 'rue Jules Ferry',
        'rue des Lilas', 'chemin des Vignes', 'allée des Tilleuls', 'rue Émile Zola', 'rue Voltaire',
        'impasse des Acacias', 'rue de la Paix', 'avenue Foch', 'rue Nationale', 'rue du Moulin', 'quai Saint-Vincent',
        'cours Lafayette',
      ],
      streetLine: (rng, street) => `${rng.int(1, 150)}${rng.chance(0.07) ? ' bis' : ''} ${street}`,
      companyName: (rng, lastName) =>
        rng.pick([`Jardins ${lastName} SARL`, `Pépinières ${lastName}`, `${lastName} Paysages`, `Pharmacie ${lastName}`, `Maison ${lastName} SAS`]),
      companyMailboxes: ['achats', 'contact', 'comptabilite'],
    },
  ],
  formatPostcode: (_rng, value) => String(value).padStart(5, '0'),
  // 06 and 07 5x–07 8x; not 06 39 and 06 9x, which belong to the overseas departments.
  mobile: (rng) => `+33${rng.pick(['60', '61', '62', '64', '65', '66', '67', '68', '75', '76', '77', '78'])}${rng.digits(7)}`,
  // The city's area carries the first digits after the regional 0X, so the subscriber part
  // never lands in a range reserved for other uses.
  landline: (rng, city) => `+33${city.area}${subscriber(rng, 9 - city.area.length, '2345678')}`,
  emailDomains: [['gmail.example', 28], ['orange.example', 20], ['free.example', 12], ['laposte.example', 8], ['sfr.example', 8], ['hotmail.example', 12], ['yahoo.example', 6], ['wanadoo.example', 6]],
  // Colissimo: two characters and eleven digits.
  trackingRef: (rng) => `${rng.pick(['6A', '6C', '8R', '8V'])}${rng.digits(11)}`,
};
