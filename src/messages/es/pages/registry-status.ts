/** La página pública del estado del registro (`/`): cifras publicadas, listas e importaciones. */
export const REGISTRY_STATUS_ES = {
  title: 'Estado del registro',
  persons: 'Personas con vida residentes en Bolivia',
  countedOn: 'Contadas el',
  byDepartment: 'Personas con vida residentes en Bolivia, por departamento',
  department: 'Departamento',
  count: 'Personas',
  total: 'Total',
  compare: 'Comparación con la proyección del INE y datos abiertos',
  marks:
    'Las cifras de 1 a 4 se muestran como «<5», y «x» marca una cifra retenida para que no se pueda deducir otra.',
  lists: 'Listas de otras instituciones',
  list: 'Lista',
  members: 'Personas en la lista',
  imports: 'Últimas importaciones',
  kind: 'Tipo',
  status: 'Estado',
  finished: 'Terminada el',
  none: 'Aún no hay importaciones.',
  /** What an import read: the registry's persons, or a list (named by its title when it is known). */
  importKind: { persons: 'Personas del registro', list: 'Lista de otra institución' },
  importStatus: {
    running: 'En curso',
    completed: 'Terminada',
    failed: 'Falló',
    other: 'Otro estado',
  },
  /** The front door: where a visitor goes from here. */
  goTo: 'Ir a',
  doors: {
    portal: { label: '¿Soy beneficiario del bono?', text: 'Consulte con su carnet, o presente un reclamo.' },
    transparency: {
      label: 'Transparencia',
      text: 'Cuánto se pagó, a cuántas personas y dónde, con datos abiertos.',
    },
    office: { label: 'Oficina', text: 'Para funcionarios: ingrese con su usuario.' },
  },
};
