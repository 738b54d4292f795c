   0  ld [4]                   ; load architecture
   1  jneq #3221225655,129     ; foreign architecture: kill
   2  ld [0]                   ; load syscall number
   3  jeq #29,62               ; hot: ioctl
   4  jge #207,40              ; nr >= 207 (recvfrom)
   5  jge #198,33              ; nr >= 198 (socket)
   6  jge #92,16               ; nr >= 92 (personality)
   7  jge #48,4                ; nr >= 48 (faccessat)
   8  jge #25,2                ; nr >= 25 (fcntl)
   9  jlt #19,121              ; nr >= 19 (eventfd2)
  10  jge #23,120,119          ; nr >= 23 (dup)
  11  jge #26,119,106          ; nr >= 26 (inotify_init1)
  12  jge #66,5                ; nr >= 66 (writev)
  13  jge #58,2                ; nr >= 58 (vhangup)
  14  jlt #49,115              ; nr >= 49 (chdir)
  15  jge #56,114,115          ; nr >= 56 (openat)
  16  jlt #62,114              ; nr >= 62 (lseek)
  17  jge #65,113,112          ; nr >= 65 (readv)
  18  jge #81,2                ; nr >= 81 (sync)
  19  jlt #69,110              ; nr >= 69 (preadv)
  20  jge #78,109,110          ; nr >= 78 (readlinkat)
  21  jlt #85,109              ; nr >= 85 (timerfd_create)
  22  jge #87,108,107          ; nr >= 87 (timerfd_gettime)
  23  jge #114,7               ; nr >= 114 (clock_getres)
  24  jlt #93,103              ; nr >= 93 (exit)
  25  jge #97,2                ; nr >= 97 (unshare)
  26  jlt #95,103              ; nr >= 95 (waitid)
  27  jge #96,102,103          ; nr >= 96 (set_tid_address)
  28  jge #100,1               ; nr >= 100 (get_robust_list)
  29  jge #98,100,101          ; nr >= 98 (futex)
  30  jge #113,99,100          ; nr >= 113 (clock_gettime)
  31  jge #167,6               ; nr >= 167 (prctl)
  32  jge #139,2               ; nr >= 139 (rt_sigreturn)
  33  jlt #134,97              ; nr >= 134 (rt_sigaction)
  34  jge #136,96,95           ; nr >= 136 (rt_sigpending)
  35  jge #160,1               ; nr >= 160 (uname)
  36  jge #140,94,93           ; nr >= 140 (setpriority)
  37  jge #161,93,92           ; nr >= 161 (sethostname)
  38  jge #168,92,57           ; nr >= 168 (getcpu)
  39  jlt #199,80              ; nr >= 199 (socketpair)
  40  jge #206,65              ; nr >= 206 (sendto)
  41  jge #201,1               ; nr >= 201 (listen)
  42  jge #200,87,88           ; nr >= 200 (bind)
  43  jlt #204,87              ; nr >= 204 (getsockname)
  44  jge #205,86,85           ; nr >= 205 (getpeername)
  45  jge #261,12              ; nr >= 261 (prlimit64)
  46  jge #221,5               ; nr >= 221 (execve)
  47  jge #220,44              ; nr >= 220 (clone)
  48  jge #213,1               ; nr >= 213 (readahead)
  49  jge #212,80,81           ; nr >= 212 (recvmsg)
  50  jlt #214,80              ; nr >= 214 (brk)
  51  jge #216,79,78           ; nr >= 216 (mremap)
  52  jge #226,2               ; nr >= 226 (mprotect)
  53  jlt #222,77              ; nr >= 222 (mmap)
  54  jge #223,76,59           ; nr >= 223 (fadvise64)
  55  jlt #227,54              ; nr >= 227 (msync)
  56  jlt #233,74              ; nr >= 233 (madvise)
  57  jge #234,73,72           ; nr >= 234 (remap_file_pages)
  58  jlt #262,39              ; nr >= 262 (fanotify_init)
  59  jge #293,2               ; nr >= 293 (rseq)
  60  jlt #277,70              ; nr >= 277 (seccomp)
  61  jge #280,69,68           ; nr >= 280 (bpf)
  62  jge #435,1               ; nr >= 435 (clone3)
  63  jge #294,67,66           ; nr >= 294 (kexec_file_load)
  64  jge #436,66              ; nr >= 436 (close_range)
  65  ret #327718              ; errno(ENOSYS)
  66  ld [24]                  ; load arg1 low word
  67  jeq #44672,62            ; ioctl: arg1 == 0xae80 (low 32 bits)
  68  jge #44610,11            ; ioctl: arg1 >= 0xae42 (low 32 bits)
  69  jge #35143,5             ; ioctl: arg1 >= 0x8947 (low 32 bits)
  70  jge #35105,2             ; ioctl: arg1 >= 0x8921 (low 32 bits)
  71  jlt #21505,59            ; ioctl: arg1 >= 0x5401 (low 32 bits)
  72  jge #21506,58,57         ; ioctl: arg1 >= 0x5402 (low 32 bits)
  73  jlt #35106,56            ; ioctl: arg1 >= 0x8922 (low 32 bits)
  74  jge #35142,55,56         ; ioctl: arg1 >= 0x8946 (low 32 bits)
  75  jge #44547,2             ; ioctl: arg1 >= 0xae03 (low 32 bits)
  76  jlt #44544,54            ; ioctl: arg1 >= 0xae00 (low 32 bits)
  77  jge #44546,53,52         ; ioctl: arg1 >= 0xae02 (low 32 bits)
  78  jlt #44549,51            ; ioctl: arg1 >= 0xae05 (low 32 bits)
  79  jge #44609,50,51         ; ioctl: arg1 >= 0xae41 (low 32 bits)
  80  jge #1075883591,5        ; ioctl: arg1 >= 0x4020ae47 (low 32 bits)
  81  jge #1074835115,2        ; ioctl: arg1 >= 0x4010aeab (low 32 bits)
  82  jlt #1074025674,48       ; ioctl: arg1 >= 0x400454ca (low 32 bits)
  83  jge #1074025675,47,46    ; ioctl: arg1 >= 0x400454cb (low 32 bits)
  84  jlt #1074835117,45       ; ioctl: arg1 >= 0x4010aead (low 32 bits)
  85  jge #1075883590,44,45    ; ioctl: arg1 >= 0x4020ae46 (low 32 bits)
  86  jge #1077980793,2        ; ioctl: arg1 >= 0x4040ae79 (low 32 bits)
  87  jlt #1075883694,43       ; ioctl: arg1 >= 0x4020aeae (low 32 bits)
  88  jge #1075883695,42,41    ; ioctl: arg1 >= 0x4020aeaf (low 32 bits)
  89  jge #2149625519,1        ; ioctl: arg1 >= 0x8020aeaf (low 32 bits)
  90  jge #1077980794,40,39    ; ioctl: arg1 >= 0x4040ae7a (low 32 bits)
  91  jge #2149625520,39,38    ; ioctl: arg1 >= 0x8020aeb0 (low 32 bits)
  92  ld [16]                  ; load arg0 low word
  93  jset #65536,0,37         ; clone: arg0 BitsSet 0x10000
  94  ld [16]                  ; load arg0 low word
  95  jset #2114060288,35,34   ; clone: arg0 BitsNotSet 0x7e020000
  96  ld [16]                  ; load arg0 low word
  97  jeq #38,32,33            ; prctl: arg0 Equal 0x26 (low 32 bits)
  98  ld [20]                  ; load arg0 high word
  99  jneq #0,31               ; prlimit64: arg0 Equal 0x0 (high word)
 100  ld [16]
 101  jneq #0,29               ; prlimit64: arg0 Equal 0x0
 102  ld [36]                  ; load arg2 high word
 103  jneq #0,27               ; prlimit64: arg2 Equal 0x0 (high word)
 104  ld [32]
 105  jeq #0,24,25             ; prlimit64: arg2 Equal 0x0
 106  ld [60]                  ; load arg5 high word
 107  jneq #0,23               ; sendto: arg5 Equal 0xc (high word)
 108  ld [56]
 109  jeq #12,20,21            ; sendto: arg5 Equal 0xc
 110  ld [32]                  ; load arg2 low word
 111  jset #4,1,18             ; mprotect: arg2 BitsNotSet 0x4
 112  ld [32]                  ; load arg2 low word
 113  jset #2,17,16            ; mprotect: arg2 BitsNotSet 0x2
 114  ld [32]                  ; load arg2 low word
 115  jset #4,1,14             ; mmap: arg2 BitsNotSet 0x4
 116  ld [32]                  ; load arg2 low word
 117  jset #2,13,12            ; mmap: arg2 BitsNotSet 0x2
 118  ld [24]                  ; load arg1 low word
 119  jeq #4,10,11             ; fcntl: arg1 Equal 0x4 (low 32 bits)
 120  ld [16]                  ; load arg0 low word
 121  jneq #16,3               ; socket: arg0 Equal 0x10 (low 32 bits)
 122  ld [32]                  ; load arg2 low word
 123  jeq #0,6                 ; socket: arg2 Equal 0x0 (low 32 bits)
 124  ld [16]                  ; load arg0 low word
 125  jneq #2,5                ; socket: arg0 Equal 0x2 (low 32 bits)
 126  ld [24]                  ; load arg1 low word
 127  jeq #2,2,3               ; socket: arg1 Equal 0x2 (low 32 bits)
 128  ld [16]                  ; load arg0 low word
 129  jneq #4294967295,1       ; personality: arg0 Equal 0xffffffff (low 32 bits)
 130  ret #2147418112          ; allow
 131  ret #2147483648          ; kill_process
