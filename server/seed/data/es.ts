import { alnum, subscriber, type CountryData } from './types.ts';

/** Spanish customers carry two surnames ("María García López"). */
export const ES: CountryData = {
  code: 'ES',
  currency: 'EUR',
  communities: [
    {
      language: 'es',
      weight: 1,
      surnames: 2,
      firstNames: {
        female: [
          'María', 'Carmen', 'Ana', 'Laura', 'Lucía', 'Marta', 'Cristina', 'Isabel', 'Elena', 'Paula', 'Sara', 'Raquel',
          'Pilar', 'Rosa', 'Teresa', 'Beatriz', 'Patricia', 'Silvia', 'Nuria', 'Mercedes', 'Rocío', 'Alba', 'Andrea',
          'Irene', 'Julia', 'Claudia', 'Sofía', 'Carla', 'Noelia', 'Inmaculada', 'Montserrat', 'Consuelo', 'Amparo',
          'Begoña', 'Ainhoa', 'Marina', 'Natalia', 'Eva', 'Verónica', 'María José',
        ],
        male: [
          'Antonio', 'José', 'Manuel', 'Francisco', 'David', 'Juan', 'Javier', 'Daniel', 'Carlos', 'Jesús', 'Alejandro',
          'Miguel', 'Rafael', 'Pablo', 'Sergio', 'Fernando', 'Jorge', 'Alberto', 'Luis', 'Álvaro', 'Adrián', 'Diego',
          'Raúl', 'Iván', 'Rubén', 'Óscar', 'Andrés', 'Enrique', 'Ramón', 'Vicente', 'Joaquín', 'Santiago', 'Ignacio',
          'Hugo', 'Mario', 'Marcos', 'Gonzalo', 'Jaume', 'Pau', 'Juan Carlos',
        ],
      },
      lastNames: [
        'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
        'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro',
        'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez',
        'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez', 'Iglesias', 'Medina', 'Garrido',
        'Cortés', 'Castillo', 'Lozano', 'Ferrer', 'Soler', 'Ibáñez', 'Peña',
      ],
      cities: [
        { name: 'Madrid', weight: 10, postcodes: [28001, 28055], area: '91' },
        { name: 'Barcelona', weight: 8, postcodes: [8001, 8042], area: '93' },
        { name: 'Valencia', weight: 6, postcodes: [46001, 46026], area: '963' },
        { name: 'Sevilla', weight: 4, postcodes: [41001, 41020], area: '954' },
        { name: 'Zaragoza', weight: 3, postcodes: [50001, 50021], area: '976' },
        { name: 'Málaga', weight: 3, postcodes: [29001, 29018], area: '952' },
        { name: 'Murcia', weight: 2, postcodes: [30001, 30012], area: '968' },
        { name: 'Palma', weight: 2, postcodes: [7001, 7015], area: '971' },
        { name: 'Las Palmas de Gran Canaria', weight: 2, postcodes: [35001, 35019], area: '928' },
        { name: 'Bilbao', weight: 2, postcodes: [48001, 48015], area: '944' },
        { name: 'Alicante', weight: 2, postcodes: [3001, 3016], area: '965' },
        { name: 'Córdoba', weight: 2, postcodes: [14001, 14014], area: '957' },
        { name: 'Valladolid', weight: 2, postcodes: [47001, 47016], area: '983' },
        { name: 'Vigo', weight: 2, postcodes: [36201, 36216], area: '986' },
        { name: 'Gijón', weight: 1, postcodes: [33201, 33213], area: '985' },
        { name: 'Granada', weight: 2, postcodes: [18001, 18015], area: '958' },
        { name: 'A Coruña', weight: 1, postcodes: [15001, 15011], area: '981' },
        { name: 'Vitoria-Gasteiz', weight: 1, postcodes: [1001, 1015], area: '945' },
        { name: 'Pamplona', weight: 1, postcodes: [31001, 31016], area: '948' },
        { name: 'Santander', weight: 1, postcodes: [39001, 39012], area: '942' },
      ],
      streets: [
        'Calle Mayor', 'Calle Real', 'Avenida de la Constitución', 'Calle de Alcalá', 'Gran Vía', 'Plaza de España',
        'Calle de San Vicente', 'Avenida del Puerto', 'Calle de la Paz', 'Calle de Colón', 'Calle del Sol', 'Calle Nueva',
        'Avenida de Andalucía', 'Calle de Castilla', 'Calle del Carmen', 'Calle de la Iglesia', 'Avenida de Blasco Ibáñez',
        'Calle de Cervantes', 'Paseo de la Castellana', 'Calle de Ruzafa',
      ],
      streetLine: (rng, street) => {
        const floor = rng.chance(0.6) ? `, ${rng.int(1, 9)}.º ${rng.pick(['A', 'B', 'C', 'D', 'izda.', 'dcha.'])}` : '';
        return `${street}, ${rng.int(1, 120)}${floor}`;
      },
      companyName: (rng, lastName) =>
        rng.pick([`Viveros ${lastName} S.L.`, `Jardinería ${lastName}`, `Farmacia ${lastName}`, `${lastName} Hogar S.L.`, `Herbolario ${lastName}`]),
      companyMailboxes: ['compras', 'info', 'administracion'],
    },
  ],
  formatPostcode: (_rng, value) => String(value).padStart(5, '0'),
  mobile: (rng) => (rng.chance(0.85) ? `+346${rng.digits(8)}` : `+347${rng.int(1, 4)}${rng.digits(7)}`),
  landline: (rng, city) => `+34${city.area}${subscriber(rng, 9 - city.area.length)}`,
  emailDomains: [['gmail.example', 40], ['hotmail.example', 22], ['yahoo.example', 8], ['outlook.example', 10], ['telefonica.example', 6], ['icloud.example', 5]],
  // Correos: PQ, four characters, then digits.
  trackingRef: (rng) => `PQ${alnum(rng, 4)}${rng.digits(16)}`,
};
