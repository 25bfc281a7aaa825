numbers = [1, 2, 3, 4]
total = 0
for n in numbers[:2]:
    total += n
print(f"total {total}")
