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
  analyticEos,
  TableEos,
  tabulateEos,
  readStellarCollapse,
  writeStellarCollapse,
  EOS_TABLE_VARS,
  type EosTableVar,
  type Eos,
  type EosState,
  type EosDomain,
  type EosBatch,
  type EosTableGrid,
  type EosTableData,
  midCellErrors,
  type MidCellErrors,
} from './eos';
export {
  opacities,
  opacityTerm,
  opacityParams,
  thermoState,
  SPECIES,
  type Species,
  type ThermoState,
  type OpacitySwitches,
  type OpacityOptions,
  type OpacityInput,
  type OpacityResult,
  type SpeciesOpacity,
  type OpacityTermName,
  nesKernel,
  pairKernel,
  type NesKernel,
  type PairKernelMoments,
} from './opacity';
export { OpacityTable, DEFAULT_TABLE_CONFIG, nulibGroups18, tableBytes, type TableConfig, type AxisSpec, type KernelTableConfig } from './opacity/table';
export type { TableKernels, KernelMoments } from './opacity/kernel-interp';
export { readNulibTable, writeNulibTable, NULIB_NUX_FLAVOURS, type OpacityTableData, type NesKernelTable, type NulibSpeciesImport } from './opacity/nulib-format';
export { loadProfile, parseColumns, parseJsonProfile, loadGr1d, loadHdf5Profile, validateProfile, resampleProfile, type ProfileData } from './io/profile';
export { neutrinospheres, computeProfileOpacities, loadProfileOpacities, validateOpacities, defaultGroupEdges, type ProfileOpacities, type SpheresResult, type SpeciesSpheres } from './neutrinosphere';
export { transport, type TransportOptions, type TransportResult, type TransportMethod, type InnerBoundaryKind, type SpeciesZones, type SpeciesGroups } from './transport';
export { writeTransportHdf5 } from './transport/output';
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
  gainSummary,
  type GainSummary,
} from './supernova/rates';
export { brent, gainRadius, qianWoosley, type GainModel, type QianWoosleyParams } from './supernova/gain';
export {
  solveAccretion,
  accretionResidual,
  criticalLuminosity,
  type AccretionParams,
  type AccretionOptions,
  type AccretionSolution,
  type AccretionProfile,
  type Upstream,
  type FlowState,
  type CriticalPoint,
  type CriticalOptions,
} from './supernova/accretion';
export { criticalCurve, parseRange, type CriticalCurve, type CurveOptions, type ShockFamily } from './supernova/critical';
export { accretionEos, accretionEntropy, pairEta, type AccretionEosState } from './supernova/accretion-eos';
export { LightBulbRates, LightBulbSourceTerms, geometricDilution, meanEnergyFD, temperatureFromMeanEnergy, type LightBulb as AccretionLightBulb, type LightBulbCoefficients } from './supernova/lightbulb';
export { EngineRates, captureRates, type CaptureRates } from './supernova/engine-rates';
export { postbounceModel, POSTBOUNCE_DEFAULTS, type PostbounceParams, type PostbounceModel } from './supernova/postbounce';
export { ScenarioSchema, validateScenario, loadScenario, type Scenario } from './scenario/schema';
export { runScenario, profileMdot, type ScenarioSummary, type RunOptions } from './scenario/run';
export { resolveProfile, BUILTIN_PROFILES } from './scenario/profiles';
export { provenance, gitCommit } from './core/provenance';
