/// Linear algebra generic over the scalar.
