import Mixtape
print("mixtape")
