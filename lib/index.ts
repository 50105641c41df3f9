/**
 * nusphere — a neutrino-physics engine for supernovae and compact objects.
 *
 * Units: CGS, with energies, temperatures and chemical potentials in MeV; names that cross a module
 * boundary carry their unit (`rho_gcc`, `T_MeV`, `r_cm`, `L_ergs`).
 * @module
 */
export * as constants from './core/constants';
export {
  NusphereError,
  InvalidInputError,
  OutOfDomainError,
  NotConvergedError,
  IoError,
  CancelledError,
  NativeError,
  type ErrorCode,
} from './core/errors';
export { setJobConcurrency, type JobOptions } from './core/jobs';
export {
  fermiDirac,
  fermiDiracBatch,
  fermiDiracAsync,
  FERMI_DIRAC_ORDERS,
  type FermiDiracValue,
  type FermiDiracBatchOptions,
  type FermiDiracJobResult,
} from './core/fermi-dirac';
export { info, version, setIsa, type NusphereInfo } from './core/info';
export { weakScale, fermiConstant, electronMass, neutronProtonDelta, STANDARD_WEAK_SCALE, type WeakScale } from './core/weak-scale';
export { sleepJob } from './core/diagnostics';
export {
  heatingCooling,
  gainAnalysis,
  detectShock,
  lightBulbEnergyDensity,
  fermiDiracEnergySpectrum,
  ccChemicalPotential,
  CC_SPECIES,
  type CcSpecies,
  type LightBulb,
  type GroupRadiation,
  type MatterInput,
  type PointRadiation,
  type HeatingCooling,
  type RateOptions,
  type ProfileRadiation,
  type GainOptions,
  type GainAnalysis,
} from './supernova/rates';
