// The umbrella module: everything Mixtape offers, in one import.
@_exported import Autodiff
@_exported import DataIO
@_exported import ExpressionGraph
@_exported import InverseProblems
@_exported import LinearAlgebra
@_exported import Mixture
@_exported import ODE
@_exported import MixtureIO
@_exported import MixtureGradient
@_exported import NeuralNetwork
@_exported import Optimization
@_exported import Plotting
@_exported import VectorMath
